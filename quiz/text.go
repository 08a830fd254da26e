package quiz

import (
	"fmt"
	"slices"
	"strings"

	"github.com/weishi-dev/weishi/server/fault"
)

// Maximum lengths of the quiz's free text, in characters. They are checked
// here, in the domain, so both storage engines keep the same texts.
const (
	MaxStem        = 2000
	MaxOption      = 500
	MaxExplanation = 4000
	MaxReference   = 4000 // a short answer's reference answer
	MaxBlank       = 200  // one accepted variant of a blank
	MaxKeyword     = 100
	MaxTitle       = 100 // paper titles
	MaxPurpose     = 64
	MaxName        = 64 // bank and law names, version labels
	MaxKind        = 32
	MaxDescription = 1000
	MaxNote        = 500
	MaxArticle     = 9999 // article numbers (no law has more)
	MaxSubdivision = 999  // paragraph (款) and item (项) numbers
)

// checkText validates the texts of a question: the stem and every option
// must have visible text, nothing may carry control or text-direction
// characters, and each part has its maximum length. Fields are named as in
// NewQuestion's JSON.
func (q *NewQuestion) checkText(f fault.Fields) {
	f.Text("stem", q.Stem, MaxStem, true)
	for i, o := range q.Options {
		f.Text(fmt.Sprintf("options[%d].text", i), o.Text, MaxOption, true)
	}
	f.Text("explanation", q.Explanation, MaxExplanation, false)
	f.Text("answer.reference", q.Answer.Reference, MaxReference, false)
	for i, b := range q.Answer.Blanks {
		for j, v := range b {
			f.Text(fmt.Sprintf("answer.blanks[%d][%d]", i, j), v, MaxBlank, false)
		}
	}
	for i, k := range q.Answer.Keywords {
		f.Text(fmt.Sprintf("answer.keywords[%d]", i), k, MaxKeyword, false)
	}
	c := q.Citation
	f.Check(c.Article < 0 || c.Article > MaxArticle, "citation.article", fmt.Sprintf("must be between 1 and %d", MaxArticle))
	f.Check(c.Paragraph < 0 || c.Paragraph > MaxSubdivision || c.Item < 0 || c.Item > MaxSubdivision, "citation.paragraph",
		fmt.Sprintf("must be between 0 and %d", MaxSubdivision))
}

// textRowErrors turns checkText's field messages into import row errors
// ("the stem has no visible text").
func (q *NewQuestion) textRowErrors() []string {
	f := fault.Fields{}
	q.checkText(f)
	var out []string
	for _, field := range []string{"stem", "options", "explanation", "answer", "citation"} {
		for k, msg := range f {
			if k == field || strings.HasPrefix(k, field+".") || strings.HasPrefix(k, field+"[") {
				line := rowPart[field] + " " + msg
				if field == "citation" {
					line = errBadCitation
				}
				if !slices.Contains(out, line) {
					out = append(out, line)
				}
			}
		}
	}
	return out
}

var rowPart = map[string]string{"stem": "the stem", "options": "an option", "explanation": "the explanation", "answer": "the answer"}
