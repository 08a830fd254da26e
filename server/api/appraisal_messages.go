package api

import "regexp"

// zhAppraisal translates the document-appraisal messages (quiz/appraisal,
// the upload bounds) into Chinese; translate consults it after zhJudging.
var zhAppraisal = map[string]string{
	"compressed request bodies are not accepted (Content-Encoding)": "不接受压缩的请求内容（Content-Encoding）",
	"a positive whole number":             "须为正整数",
	"document appraisals are not enabled": "未启用文书评查",
	"identities are hidden until every sheet is locked and the organizer reveals them": "全部评查表锁定且组织者揭晓前，身份信息不公开",
	"not a judge of this appraisal":                                                              "不是本次评查的评委",
	"nothing is assigned yet":                                                                    "尚未分配文书",
	"only the appraisal's judges see its documents, once it is open":                             "评查开始后，只有本次评查的评委可以查看文书",
	"only the appraisal's organizer and judges read its standard":                                "只有本次评查的组织者和评委可以查看评查标准",
	"only the appraisal's organizer may do this":                                                 "只有本次评查的组织者可以执行此操作",
	"only the appraisal's organizer or the head of the document's own unit may upload its files": "只有组织者或文书所属单位的负责人可以上传文件",
	"the bulletin is published and no longer edited":                                             "通报已发布，不能再修改",
	"the bulletin is shown once it is published":                                                 "通报发布后才能查看",
	"the bulletin names units: reveal the identities first (once every sheet is locked)":         "通报会列出单位名称：请在全部评查表锁定后先揭晓身份",
	"the bulletin changed meanwhile; reload it":                                                  "通报已被他人修改，请刷新",
	"the bulletin was saved meanwhile; reload it":                                                "通报已被他人保存，请刷新",
	"the version you read":                                                                       "须为您读取的版本号",
	"this document is not assigned to you":                                                       "该文书未分配给您",
	"1 to 100 characters":                                                                        "须为 1 到 100 个字符",
	"at most 100 characters":                                                                     "最多 100 个字符",
	"send the file as multipart/form-data":                                                       "请以 multipart/form-data 表单上传文件",
	"the form could not be read":                                                                 "无法读取上传的表单",
	"the request body could not be read":                                                         "无法读取请求内容",
	"document uploads are not enabled":                                                           "未启用文书上传",
	"no document converter on this server":                                                       "本系统未配置文书转换程序",
}

var zhAppraisalPatterns = []zhPattern{
	{regexp.MustCompile(`^(\d+) assigned sheets are not locked yet; identities are revealed only when every sheet is$`), "还有 $1 份评查表未锁定；全部锁定后才能揭晓身份"},
	{regexp.MustCompile(`^an entry has at most (\d+) files$`), "每份文书最多 $1 个文件"},
	{regexp.MustCompile(`^contest (\d+) is not a document appraisal$`), "比赛 $1 不是文书评查"},
	{regexp.MustCompile(`^entry (\d+) is not in appraisal (\d+)$`), "文书 $1 不属于评查 $2"},
	{regexp.MustCompile(`^files are accepted only before the appraisal is locked \(now (\w+)\)$`), "评查锁定后不再接收文件（当前状态：$1）"},
	{regexp.MustCompile(`^identities are revealed only after the contest is locked \(now (\w+)\)$`), "评分锁定后才能揭晓身份（当前状态：$1）"},
	{regexp.MustCompile(`^the assignment is fixed once the appraisal is locked \(now (\w+)\)$`), "评查锁定后分配不能再改（当前状态：$1）"},
	{regexp.MustCompile(`^the bulletin changed meanwhile \(version (\d+), you edited (\d+)\); reload it$`), "通报已被他人修改（当前第 $1 版，您编辑的是第 $2 版），请刷新"},
	{regexp.MustCompile(`^the standard has no version (\d+)$`), "评查标准没有第 $1 版"},
	{regexp.MustCompile(`^the standard is frozen once the appraisal opens \(now (\w+)\); sheets are scored by the version in force$`), "评查开始后标准已冻结（当前状态：$1）；评查表按当时生效的版本计分"},
	{regexp.MustCompile(`^the file is larger than (\d+) MiB, the limit$`), "文件超过 $1 MiB 的上限"},
	{regexp.MustCompile(`^1 to (\d+) sections$`), "须为 1 到 $1 节"},
	{regexp.MustCompile(`^the request body is larger than (\d+) MiB, the limit$`), "请求内容超过 $1 MiB 的上限"},
	{regexp.MustCompile(`^this file has no converted PDF \(pending\)$`), "该文件正在转换为 PDF，请稍后再试"},
	{regexp.MustCompile(`^this file has no converted PDF \((failed|unavailable|not a Word document)\)$`), "该文件没有可查看的 PDF，请下载原文件"},
	{regexp.MustCompile(`^at most (\d+) characters$`), "最多 $1 个字符"},
}
