export type DatabaseProvider = "sqlite" | "postgresql";
