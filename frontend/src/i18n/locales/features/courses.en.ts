import type zh from './courses.zh-CN'

// English messages of the courses feature.
const en: typeof zh = {
  courses: {
    title: 'Training',
  },
}

export default en
