// Types for the few deep-imported modules of `natural` (importing the package root loads every
// storage backend and runs dotenv; see /work/shared/ENVIRONMENT.md).
declare module "natural/lib/natural/stemmers/porter_stemmer_no.js" {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}
declare module "natural/lib/natural/stemmers/porter_stemmer.js" {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}
declare module "natural/lib/natural/util/stopwords_no.js" {
  export const words: string[];
}
declare module "natural/lib/natural/util/stopwords.js" {
  export const words: string[];
}
declare module "natural/lib/natural/distance/levenshtein_distance.js" {
  export function DamerauLevenshteinDistance(
    source: string,
    target: string,
    options?: { restricted?: boolean; insertion_cost?: number; deletion_cost?: number; substitution_cost?: number },
  ): number;
}
