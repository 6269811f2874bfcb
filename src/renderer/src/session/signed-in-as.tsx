interface Props {
  /** The signed-in user's name, as the portal's sign-in gave it; null until main has answered. */
  userName: string | null;
}

/**
 * Who is signed in at this desk. Nothing here changes it: another person signs out this one and
 * signs in as themselves, so every view and action stays theirs.
 */
export function SignedInAs({ userName }: Props) {
  return userName === null ? null : <span className="user">Signed in as {userName}</span>;
}
