// Chinese messages of the contest feature; contest.en.ts must have the same keys.
export default {
  contest: {
    title: '知识竞赛',
  },
}
