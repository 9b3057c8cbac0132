import { PLACEHOLDER_OWNER } from './import-document.js';

/**
 * people.yaml for an imported repo. comply has no roster, so it lists nobody: every policy and
 * control is owned by the placeholder, which `precept check` reports until real people are
 * listed here and named as owners.
 */
export function peopleFileText(): string {
  return `# The roster: who owns, approves and must acknowledge the policies (see the README).
# comply had no owners or roster, so \`precept import comply\` made every policy and control
# owned by the placeholder "${PLACEHOLDER_OWNER}", and \`precept check\` reports each one until
# you list your people here and set owner: to one of them. For example:
#
#   people:
#     - id: jdoe
#       name: Jane Doe
#       email: jane.doe@example.com
#       roles: [Security Lead]
groups:
  - id: all-staff
    name: All staff
    everyone: true
people: []
`;
}
