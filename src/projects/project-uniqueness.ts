/** The unique indexes behind 409s on projects and members (see the CreateIdentity migration). */
export const PROJECT_UNIQUE_INDEXES = {
  projects_path_with_namespace_unique: 'path_with_namespace has already been taken',
};

export const MEMBER_UNIQUE_INDEXES = {
  project_members_project_user_unique: 'Member already exists',
};
