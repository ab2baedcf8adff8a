// The live member list of a presence room, kept by folding the server's `presence` diffs
// (PROTOCOL.md §3) into the list from `members`. Pure, so it is tested without a server.

/** Applies one `presence` frame ({join, leave, update}) to a member list; returns a new list. */
export function applyPresenceDiff(members, diff) {
  const byConn = new Map(members.map((member) => [member.conn, member]));
  for (const gone of diff.leave ?? []) byConn.delete(gone.conn);
  for (const member of diff.join ?? []) byConn.set(member.conn, member);
  for (const member of diff.update ?? []) byConn.set(member.conn, { ...byConn.get(member.conn), ...member });
  return [...byConn.values()];
}

/** Groups members by user (one person with several tabs is one user with several members). */
export function membersByUser(members) {
  const users = new Map();
  for (const member of members) {
    if (!users.has(member.user)) users.set(member.user, []);
    users.get(member.user).push(member);
  }
  return users;
}
