// Issue 11's finishing touches (paper editing, confirmations, record links), in Chinese.
// experience.en.ts has the same keys.
export default {
  exp: {
    paper: {
      edit: '编辑',
      editTitle: '编辑试卷',
      copy: '复制',
      copied: '已复制为「{title}」',
      archive: '归档',
      restore: '恢复',
      archived: '已归档',
      archivedOk: '已归档「{title}」',
      restoredOk: '已恢复「{title}」',
      showArchived: '显示已归档',
      started: '已有 {n} 人次作答',
      lockedHint: '已有人开始作答，不能再修改；可复制后修改。',
      archiveConfirm: '归档后，「{title}」不再出现在试卷列表中，也不能再分配或开始新的作答；已有成绩和进行中的作答保留。可随时恢复。',
      archiveConfirmTitle: '归档试卷',
      pickQuestion: '搜索题库添加固定题目',
      pickHint: '输入题干关键词或题号搜索',
      fixedItems: '固定题目',
      fixedNone: '未选固定题目，题目全部按下方规则抽取。',
      itemPoints: '分值',
      remove: '移除',
      ruleCount: '题数',
      ruleType: '题型',
      ruleBank: '题库',
      ruleLaw: '法律法规',
      ruleDomain: '领域',
      rulePoints: '每题分值',
      ruleAvailable: '可抽',
      savedOk: '已保存',
    },
    record: {
      open: '查看 {name} 的学习档案',
    },
  },
}
