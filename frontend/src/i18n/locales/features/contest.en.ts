import type zh from './contest.zh-CN'

// English messages of the contest feature.
const en: typeof zh = {
  contest: {
    title: 'Contests',
  },
}

export default en
