/** The unique indexes on users (see the CreateIdentity migration) and what a 409 says about each. */
export const USER_UNIQUE_INDEXES = {
  users_username_unique: 'username has already been taken',
  users_email_unique: 'email has already been taken',
};
