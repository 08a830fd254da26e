// Package quiz owns question banks and training quizzes: the laws registry,
// questions with citations, banks, papers, attempts, practice, the
// wrong-answer notebook and item statistics. Live and judged contests live
// in packages below it. It imports only the standard library and the pure
// foundation packages.
package quiz

// Domain is an enforcement domain (执法领域) of the cultural market. Classes,
// questions and laws are tagged with domains.
type Domain string

const (
	DomainPress       Domain = "press"       // 新闻出版
	DomainCopyright   Domain = "copyright"   // 版权
	DomainPerformance Domain = "performance" // 演艺娱乐
	DomainRelics      Domain = "relics"      // 文物
	DomainBroadcast   Domain = "broadcast"   // 广播电影电视
	DomainInternet    Domain = "internet"    // 网吧与网络
	DomainGeneral     Domain = "general"     // 综合（行政处罚、行政强制等通用法律）
)

// Domains lists every domain in display order.
var Domains = []Domain{DomainPress, DomainCopyright, DomainPerformance, DomainRelics, DomainBroadcast, DomainInternet, DomainGeneral}

// DomainNames are the Chinese names, as written on class schedules and in
// import files.
var DomainNames = map[Domain]string{
	DomainPress:       "新闻出版",
	DomainCopyright:   "版权",
	DomainPerformance: "演艺娱乐",
	DomainRelics:      "文物",
	DomainBroadcast:   "广播电影电视",
	DomainInternet:    "网吧与网络",
	DomainGeneral:     "综合",
}

// Valid reports whether d is a known domain.
func (d Domain) Valid() bool {
	_, ok := DomainNames[d]
	return ok
}

// ParseDomain accepts a domain code or its Chinese name.
func ParseDomain(s string) (Domain, bool) {
	if d := Domain(s); d.Valid() {
		return d, true
	}
	for d, name := range DomainNames {
		if name == s {
			return d, true
		}
	}
	return "", false
}
