import { rosterKeys } from '../../records/approvals/signature.js';
import { says, type Rule } from './rule.js';

/** Every SSH key in the roster is a one-line OpenSSH public key of a type precept verifies. */
export const sshKey: Rule = {
  id: 'ssh-key',
  description: 'Each sshKeys entry in people.yaml is an OpenSSH public key line (ssh-ed25519, ssh-rsa or ecdsa-sha2-nistp256), as in a .pub file.',
  severity: 'error',
  check({ project }, report) {
    const { roster } = project;
    if (!roster.yaml) return;
    for (const problem of rosterKeys(roster).problems) {
      report(roster.file, roster.yaml.locate(['people', problem.index, 'sshKeys', problem.entry]), says('ssh-key.message', { person: problem.person, entry: problem.entry + 1, problem: problem.message }), {
        hint: says('ssh-key.hint'),
      });
    }
  },
};
