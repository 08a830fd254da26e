package api

import (
	"regexp"

	"github.com/weishi-dev/weishi/server/account"
)

// zhMessages translates the messages users see into Chinese. Messages not
// listed here are shown as written. Keep keys identical to the English
// messages in the domain packages.
var zhMessages = map[string]string{
	"validation failed":                                       "输入有误，请检查标出的字段",
	"is required":                                             "必填",
	"internal error":                                          "服务器内部错误",
	"please log in":                                           "请先登录",
	"wrong account or password":                               "账号或密码错误",
	"this account is disabled":                                "该账号已停用",
	"change your password first":                              "请先修改密码",
	"you do not have the role for this":                       "您没有执行此操作的权限",
	"missing or wrong CSRF token; reload the page":            "安全令牌缺失或无效，请刷新页面",
	"too many login attempts; try again later":                "登录尝试次数过多，请稍后再试",
	"is wrong":                                                "不正确",
	"must have at least 8 characters":                         "至少 8 个字符",
	"is too long (at most 72 bytes)":                          "过长（最多 72 字节）",
	"must not be the account name":                            "不能与账号相同",
	"must contain at least one letter and one digit":          "须同时包含字母和数字",
	"must differ from the current password":                   "不能与当前密码相同",
	"is too long (at most 64 characters)":                     "过长（最多 64 个字符）",
	"is not a known unit kind":                                "单位类型无效",
	"is not a known unit":                                     "单位不存在",
	"cannot move a unit under itself or its own sub-unit":     "不能移动到自身或其下级单位之下",
	"cannot move to the top level and under a parent at once": "不能同时移到顶层和某个上级之下",
	"already exists under the same parent":                    "同一上级下已有同名单位",
	"a unit with this name already exists here":               "此处已有同名单位",
	"is already taken":                                        "已被占用",
	"is already taken by an existing user":                    "已被现有用户占用",
	"the employee number is already taken":                    "工号已被占用",
	"must be 2–32 letters, digits, '.', '_' or '-', starting with a letter or digit": "须为 2–32 位字母、数字或 . _ -，并以字母或数字开头",
	"may contain only letters, digits and '-' (at most 32)":                          "只能包含字母、数字和 -（最多 32 位）",
	"is not a phone number":         "不是有效的手机号",
	"at least one role is required": "至少选择一个角色",
	"contains an unknown role":      "包含未知角色",
	"contains an unknown role (use 管理员, 组织者, 评委, 执法人员)": "包含未知角色（可填：管理员、组织者、评委、执法人员）",
	"is not a known role":                                    "角色无效",
	"is not a known field":                                   "不是可识别的字段",
	"the request body is too large":                          "请求内容过大",
	"the body must be JSON (Content-Type: application/json)": "请求内容须为 JSON",
	"the body is empty":                                      "请求内容为空",
	"malformed JSON":                                         "JSON 格式错误",
	"the sheet is empty":                                     "工作表为空",
	"the sheet has no data rows":                             "工作表没有数据行",
	"the file is not a readable .xlsx workbook":              "文件不是可读取的 .xlsx 工作簿",
	"a file is required":                                     "请选择文件",
	"Not Found":                                              "未找到",
	"Request Entity Too Large":                               "请求内容过大",
	"Method Not Allowed":                                     "不支持的请求方法",
	"you cannot disable your own account":                    "不能停用自己的账号",
	"you cannot remove your own admin role":                  "不能移除自己的管理员角色",
	"cross-site login refused":                               "拒绝跨站登录",
	"origin not allowed":                                     "来源不被允许",
	"this endpoint needs a websocket upgrade":                "此地址需要 WebSocket 连接",
	"is not a unit id":                                       "不是有效的单位编号",
	"must be true or false":                                  "须为 true 或 false",
	"must be at least 1":                                     "须不小于 1",
	"must be between 1 and 500":                              "须在 1 到 500 之间",
	"the body has data after the JSON value":                 "JSON 之后有多余内容",

	// live contests
	"a tie-break needs the tied sides":                       "加赛需指定平分的参赛方",
	"an answer needs a client id":                            "答案缺少客户端编号",
	"another device took over this account":                  "该账号已在另一台设备上登录，本设备已下线",
	"connect as a player to play":                            "请以选手身份连接后作答",
	"message is not JSON":                                    "消息不是 JSON",
	"message too large":                                      "消息过大",
	"must be host, screen, player or audience":               "须为 host、screen、player 或 audience",
	"no such round":                                          "没有该环节",
	"not a value of this round":                              "不是本环节的可选分值",
	"only organizers may open the big screen":                "只有组织者可以打开大屏",
	"only the host and arbitrators see the timeline":         "只有主持人和仲裁人员可以查看记录",
	"only the host may publish the contest":                  "只有主持人可以发布竞赛",
	"only the host may run the contest":                      "只有主持人可以主持竞赛",
	"only the host may see connected devices":                "只有主持人可以查看在线设备",
	"only the host may send commands":                        "只有主持人可以发送指令",
	"the adjustment is not valid":                            "调分内容有误",
	"the clock report is out of range":                       "时钟报告超出范围",
	"the contest is not valid":                               "竞赛设置有误",
	"the question bank is not available":                     "题库暂不可用",
	"too many actions; slow down":                            "操作过于频繁，请稍后",
	"unknown action":                                         "未知操作",
	"unknown command":                                        "未知指令",
	"unknown message type":                                   "未知消息类型",
	"you are not a player of this contest":                   "你不是本场竞赛的选手",
	"1 to 100 characters":                                    "须为 1 到 100 个字符",
	"1 to 64 characters":                                     "须为 1 到 64 个字符",
	"a manual adjustment needs a reason":                     "人工调分须填写理由",
	"a risk round needs values to choose from":               "风险题环节须设置可选分值",
	"a team contest needs at least two teams":                "团体赛至少需要两支队伍",
	"a team seats at most 4 players":                         "每队最多 4 名选手",
	"a tier needs a name and a positive count":               "奖项须有名称和正数名额",
	"add at least one round":                                 "请至少添加一个环节",
	"an individual contest has no teams":                     "个人赛不设队伍",
	"choose one of the round's values":                       "请选择本环节的分值之一",
	"deductions and times cannot be negative":                "扣分和时间不能为负",
	"is not a team of this contest":                          "不是本场竞赛的队伍",
	"must be between 0 and 1000 ms":                          "须在 0 到 1000 毫秒之间",
	"must be between 0 and 100000":                           "须在 0 到 100000 之间",
	"must be fixed, linear or kahoot":                        "须为 fixed、linear 或 kahoot",
	"must be ignore, lockout or deduct":                      "须为 ignore、lockout 或 deduct",
	"must be positive":                                       "须为正数",
	"must be sum or mean":                                    "须为 sum 或 mean",
	"must be team or individual":                             "须为 team 或 individual",
	"name at least two sides":                                "请至少指定两个参赛方",
	"no such team or player":                                 "没有该队伍或选手",
	"players must be distinct users":                         "选手不能重复",
	"team ids must be positive and distinct":                 "队伍编号须为正数且不重复",
	"the adjustment cannot be zero":                          "调整分值不能为零",
	"the round has no questions":                             "该环节没有题目",
	"this round type needs teams":                            "该环节类型需要队伍",
	"unknown or repeated side":                               "参赛方未知或重复",
	"unknown round type":                                     "未知环节类型",
	"values must be positive":                                "分值须为正数",
	"a question can be shown only between questions":         "只能在两题之间出题",
	"a risk value is chosen before a risk question":          "风险分值须在风险题出题前选择",
	"already joined":                                         "已加入",
	"already pressed":                                        "已抢答",
	"answering is closed":                                    "作答已结束",
	"answering is not open yet":                              "尚未开始作答",
	"answering is not open":                                  "未在作答时间",
	"buzzer rounds are armed, not opened":                    "抢答环节请使用“开始抢答”",
	"buzzers are not in use now":                             "当前不能抢答",
	"everyone-answers questions are scored automatically":    "全员答题自动计分",
	"finish the current question before starting a round":    "请先完成当前题目再开始环节",
	"finish the current question first":                      "请先完成当前题目",
	"finish the question before showing the leaderboard":     "请先完成当前题目再显示排行",
	"in buzzer rounds the answer is given aloud":             "抢答题须口头作答",
	"judge or void the question before revealing the answer": "请先判定或作废本题再公布答案",
	"judge the answer before revealing it":                   "请先判定再公布答案",
	"locked out of this question":                            "本题已被取消抢答资格",
	"nobody holds the floor":                                 "尚无选手获得答题权",
	"only an armed buzzer question can be voided":            "只有已开始抢答的题目可以作废",
	"only buzzer and tie-break rounds arm buzzers":           "只有抢答和加赛环节可以开始抢答",
	"only the tied sides play the tie-break":                 "只有平分的参赛方参加加赛",
	"reveal the answer before starting a round":              "请先公布答案再开始环节",
	"say 请回答 (open) before judging":                          "请先宣布“请回答”再判定",
	"show the question before arming the buzzers":            "请先出题再开始抢答",
	"show the question before opening answers":               "请先出题再开始作答",
	"someone pressed; judge the answer instead":              "已有人抢答，请判定答案",
	"the contest is finished; only a tie-break may follow":   "比赛已结束，只能进行加赛",
	"the contest is not paused":                              "比赛未暂停",
	"the contest is paused":                                  "比赛已暂停",
	"the round has no more questions":                        "本环节题目已用完",
	"the side must choose its risk value first":              "请先选择风险分值",
	"there is no question to answer":                         "当前没有题目",
	"there is no question to judge":                          "当前没有可判定的题目",
	"there is no question to reveal":                         "当前没有可公布的题目",
	"there is no scoring action to undo":                     "没有可撤销的计分",
	"this question belongs to another team":                  "这是其他队的题目",
	"this question is already judged; use undo or adjust":    "本题已判定，请使用撤销或调分",
	"this question is answered aloud":                        "本题须口头作答",
	"you have already answered this question":                "你已作答本题",
	"false start again: deducted":                            "再次提前抢答：扣分",
	"false start: ignored":                                   "提前抢答：不计",
	"false start: locked out of this question":               "提前抢答：取消本题抢答资格",
	"answered before 请回答: the answer is void":                "在“请回答”之前作答：答案无效",
	"the contest is not published yet":                       "竞赛尚未发布",
	"the contest is already published":                       "竞赛已发布",
	"press":                                                  "已抢答",
}

// zhPatterns translate messages with variable parts; $1, $2 … in the
// Chinese text are the English text's groups.
var zhPatterns = []struct {
	en *regexp.Regexp
	zh string
}{
	{regexp.MustCompile(`^has the wrong type`), "类型错误"},
	{regexp.MustCompile(`^repeats row (\d+)$`), "与第 $1 行重复"},
	{regexp.MustCompile(`^is ambiguous; write its path`), "名称不唯一，请写完整路径，如 上级单位/单位名"},
	{regexp.MustCompile(`^malformed JSON at byte`), "JSON 格式错误"},
	{regexp.MustCompile(`^too many rows \(at most (\d+)\)$`), "行数过多（最多 $1 行）"},
	{regexp.MustCompile(`^the header row lacks the column`), "表头缺少必需的列，请使用模板"},
	{regexp.MustCompile(`^(\d+) of (\d+) rows have errors; nothing was imported$`), "共 $2 行，其中 $1 行有错误；未导入任何数据"},
	{regexp.MustCompile(`^unit "(.*)" still has (\d+) users and (\d+) sub-units; move or delete them first$`), "单位“$1”下还有 $2 名人员和 $3 个下级单位，请先移走或删除"},
	{regexp.MustCompile(`^account "(.*)" is already taken$`), "账号“$1”已被占用"},
	{regexp.MustCompile(`^employee number "(.*)" is already taken$`), "工号“$1”已被占用"},
	{regexp.MustCompile(`^(user|unit|no such) .*not found$|^no such `), "未找到"},

	// live contests
	{regexp.MustCompile(`^only the host may send (\w+)$`), "只有主持人可以发送该指令"},
	{regexp.MustCompile(`^rounds run in order: the next round is (\d+)$`), "环节须按顺序进行：下一个是第 $1 环节"},
	{regexp.MustCompile(`^the buzz order is still settling \((\d+) ms\)$`), "抢答顺序仍在确认中（$1 毫秒）"},
	{regexp.MustCompile(`^wait (\d+) s without a press before voiding$`), "须等待 $1 秒无人抢答后才能作废"},
	{regexp.MustCompile(`^rebound to (.+)$`), "补答：$1"},
	{regexp.MustCompile(`^undid action #(\d+)$`), "已撤销第 $1 条计分"},
	{regexp.MustCompile(`^contest \d+ not found$`), "未找到该竞赛"},
}

func translate(zh bool, msg string) string {
	if !zh {
		return msg
	}
	if t, ok := zhMessages[msg]; ok {
		return t
	}
	for _, p := range zhPatterns {
		if m := p.en.FindStringSubmatchIndex(msg); m != nil {
			return string(p.en.ExpandString(nil, p.zh, msg, m))
		}
	}
	return msg
}

// translateReport translates an import report's row errors in place.
func translateReport(zh bool, r *account.ImportReport) {
	for i := range r.Rows {
		for k, v := range r.Rows[i].Errors {
			r.Rows[i].Errors[k] = translate(zh, v)
		}
	}
}
