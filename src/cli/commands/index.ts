import type { Command } from '../command.js';

/** A command as `precept --help` lists it; its module (and what it imports) loads only when run. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/**
 * Every command, in the order `precept --help` lists them. Commands load lazily, so `precept
 * check` never pays for loading the browser, PDF and signing code (a test keeps name and summary
 * here equal to the command's own).
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'check', summary: 'validate policies, controls and the roster; resolve references; report gaps', load: async () => (await import('./check.js')).checkCommand },
  { name: 'build', summary: 'build the staff policy portal (<out>/site/), one PDF per policy (<out>/pdf/) and, with --pack, the auditor pack', load: async () => (await import('./build.js')).buildCommand },
  { name: 'pack', summary: 'build the auditor pack: every policy version in force in a period, its evidence and exceptions, in one signed PDF', load: async () => (await import('./pack.js')).packCommand },
  { name: 'distributions', summary: 'list the copies of auditor packs made for recipients (records/distributions.jsonl): who got which copy, when, under what agreement', load: async () => (await import('./distributions.js')).distributionsCommand },
  { name: 'verify', summary: 'check an auditor pack: its signature, its manifest and (with --root) every file hash', load: async () => (await import('./verify.js')).verifyCommand },
  { name: 'keygen', summary: 'make a self-signed signing certificate (.p12) for trying out signed packs', load: async () => (await import('./keygen.js')).keygenCommand },
  { name: 'dev', summary: 'serve the portal on 127.0.0.1 and rebuild it when a policy, control or template changes', load: async () => (await import('./dev.js')).devCommand },
  { name: 'init', summary: 'create a policy repo: a clean starter organisation, or the example with --example', load: async () => (await import('./init.js')).initCommand },
  { name: 'new policy', summary: 'write a new draft policy (policies/<id>.md) from the template, owned by the roster\'s first person or --owner', load: async () => (await import('./new.js')).newPolicyCommand },
  { name: 'new control', summary: 'write a new control (controls/<id>.yaml) from the template, owned by the roster\'s first person or --owner', load: async () => (await import('./new.js')).newControlCommand },
  { name: 'review', summary: 'report the policy changes since a git ref: redlines, change classification, version bumps, coverage, approvers', load: async () => (await import('./review.js')).reviewCommand },
  { name: 'approve', summary: "record a person's approval (or rejection) of a policy's current text in records/approvals.jsonl", load: async () => (await import('./approve.js')).approveCommand },
  { name: 'approvals import', summary: "record the approvals in a merged pull request's GitHub reviews, or (--csv) approvals made before precept", load: async () => (await import('./approvals-import.js')).approvalsImportCommand },
  { name: 'approvals status', summary: "show who approved each policy's current text, when and how, and who is still to approve", load: async () => (await import('./approvals-status.js')).approvalsStatusCommand },
  { name: 'ack', summary: "record one person's acknowledgement of a policy in records/acknowledgements.jsonl", load: async () => (await import('./ack.js')).ackCommand },
  { name: 'acks import', summary: 'import acknowledgements from a CSV export (HR system, LMS, form); any bad row rejects the whole file', load: async () => (await import('./acks-import.js')).acksImportCommand },
  { name: 'acks status', summary: 'show who has acknowledged the version of each policy in force, who is pending or overdue, and what each person owes', load: async () => (await import('./acks-status.js')).acksStatusCommand },
  { name: 'due', summary: 'list reviews coming due or overdue, acknowledgements overdue or due soon, and approvals missing (Markdown or JSON)', load: async () => (await import('./due.js')).dueCommand },
  { name: 'remind', summary: 'remind each person of the acknowledgements, reviews and approvals they owe, by email and chat webhook, once a day', load: async () => (await import('./remind.js')).remindCommand },
  { name: 'serve', summary: 'serve the built portal with its acknowledgement button (POST /api/ack) behind your sign-on proxy', load: async () => (await import('./serve.js')).serveCommand },
  { name: 'codeowners', summary: "write a CODEOWNERS section mapping each policy file to its owner's and approvers' GitHub handles", load: async () => (await import('./codeowners.js')).codeownersCommand },
  { name: 'ledger verify', summary: 'verify the ledgers in records/: valid records, numbered, hash-chained, nothing committed changed', load: async () => (await import('./ledger.js')).ledgerVerifyCommand },
  { name: 'ledger repair', summary: 'mend the last line of each ledger after an interrupted append', load: async () => (await import('./ledger.js')).ledgerRepairCommand },
  { name: 'ledger merge', summary: "git's merge driver for ledgers: keep both branches' records, drop repeats, re-chain the appended ones", load: async () => (await import('./ledger-branches.js')).ledgerMergeCommand },
  { name: 'ledger rebase', summary: "re-chain the records appended here onto another commit's ledgers (for scripts that push records)", load: async () => (await import('./ledger-branches.js')).ledgerRebaseCommand },
  { name: 'ledger setup', summary: "set up git to merge ledgers with precept's merge driver (once per clone)", load: async () => (await import('./ledger-branches.js')).ledgerSetupCommand },
  { name: 'import comply', summary: 'turn a comply (strongdm/comply) project into a precept policy repo', load: async () => (await import('./import-comply.js')).importComplyCommand },
  { name: 'import markdown', summary: 'turn a folder of Markdown (Hugo, Jekyll, GitBook, Docusaurus, MkDocs, plain) into a precept policy repo', load: async () => (await import('./import-markdown.js')).importMarkdownCommand },
];
