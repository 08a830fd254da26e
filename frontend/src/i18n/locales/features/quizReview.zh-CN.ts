// The quiz result and review, in Chinese. quizReview.en.ts has the same keys.
export default {
  quizReview: {
    earned: '得 {score} / {points} 分',
    partial: '部分正确',
    unanswered: '未作答',
    accepted: '可接受的答案',
    blank: '第 {n} 空：',
    rule: '多选题计分',
    rulePartial: '多选题部分得分：未选错项时，按选对的正确项占全部正确项的比例得分；选了错项不得分。',
    ruleAll: '多选题须全部选对才得分，少选、错选均不得分。',
    partialCount: '部分正确 {n}',
    pendingVerdict: '待评分',
    pendingNote: '还有 {n} 道简答题待人工评分，评分后给出最终成绩和是否及格。',
    candidateAnswer: '考生答案',
    loading: '正在加载…',
    scoreOf: '得分 {score} / {total}',
    domain: '执法领域',
  },
}
