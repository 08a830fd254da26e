// Issue 11's finishing touches (paper editing, confirmations, record links), in English.
// Same keys as experience.zh-CN.ts.
export default {
  exp: {
    paper: {
      edit: 'Edit',
      editTitle: 'Edit paper',
      copy: 'Copy',
      copied: 'Copied as “{title}”',
      archive: 'Archive',
      restore: 'Restore',
      archived: 'Archived',
      archivedOk: '“{title}” archived',
      restoredOk: '“{title}” restored',
      showArchived: 'Show archived',
      started: '{n} attempt(s) started',
      lockedHint: 'Someone has started this paper, so it can no longer be edited; copy it to make changes.',
      archiveConfirm: 'Once archived, “{title}” leaves the paper list and can no longer be assigned or started; results and attempts in progress stay. You can restore it at any time.',
      archiveConfirmTitle: 'Archive paper',
      pickQuestion: 'Search the bank to add fixed questions',
      pickHint: 'Type words of the stem or a question number',
      fixedItems: 'Fixed questions',
      fixedNone: 'No fixed questions: every question is drawn by the rules below.',
      itemPoints: 'Points',
      remove: 'Remove',
      ruleCount: 'Count',
      ruleType: 'Type',
      ruleBank: 'Bank',
      ruleLaw: 'Law',
      ruleDomain: 'Domain',
      rulePoints: 'Points each',
      ruleAvailable: 'Available',
      savedOk: 'Saved',
    },
    record: {
      open: 'Open the record of {name}',
    },
  },
}
