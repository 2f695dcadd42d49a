/** Socket.IO room names of the /agent namespace. */
export const rooms = {
  /** Every staff socket of an organisation (queue updates, presence). */
  organisation: (id: string) => `org:${id}`,
  /** Staff without an organisation (admins): every organisation's updates. */
  allOrganisations: "org:*",
  /** Supervisors of an organisation (supervisor view updates). */
  supervisors: (id: string) => `sup:${id}`,
  allSupervisors: "sup:*",
  /** All sockets of one user (several tabs). */
  user: (id: string) => `user:${id}`,
  /** Staff in a conversation: the assigned agent and supervisors watching it. */
  conversation: (id: string) => `conv:${id}`,
};
