// Weeks start on Monday in every calendar and date picker, as Chinese
// calendars do, in both languages. Element Plus's calendar reads the
// global dayjs locale's first day; its pickers read the locale of the
// date (zh-cn, loaded here, already starts on Monday; en is adjusted).
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'

const en = dayjs.Ls.en
if (en) en.weekStart = 1

export const WEEK_START = 1
