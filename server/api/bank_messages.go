package api

import "regexp"

// Chinese for the question bank's issue-15 messages (leak pairs in papers
// and contests, case-analysis questions in contests).
var zhBank = map[string]string{}

var zhBankPatterns = []zhPattern{
	{regexp.MustCompile(`^questions (\d+) and (\d+) give each other's answers away and cannot be in one paper$`), "第 $1 题与第 $2 题互相泄露答案，不能出现在同一份试卷中"},
}
