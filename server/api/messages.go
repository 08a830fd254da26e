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
