package contest

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/weishi-dev/weishi/quiz"
	"github.com/weishi-dev/weishi/server/fault"
)

// Bank is the QuestionSource over the question bank: it draws with
// quiz.Service.Draw and snapshots each question into a contest Question.
// Fill-in questions become oral ones (the host judges the spoken answer).
type Bank struct {
	Quiz *quiz.Service
}

var (
	_ QuestionSource = Bank{}
	_ Notebook       = Bank{}
	_ LeakChecker    = Bank{}
)

// Record feeds a device answer to the player's wrong-answer notebook.
func (b Bank) Record(ctx context.Context, userID, sourceID int64, q Question, choice string, right bool) error {
	var resp quiz.Response
	switch q.Type {
	case TypeJudge:
		t := normalizeAnswer(choice) == "T"
		resp.True = &t
	default:
		for _, r := range normalizeAnswer(choice) {
			resp.Choices = append(resp.Choices, string(r))
		}
	}
	return b.Quiz.RecordResult(ctx, quiz.Result{UserID: userID, QuestionID: sourceID, Correct: right, Source: quiz.SourceContest, Response: resp})
}

// Draw resolves d against the bank. A contest shows each key to the whole
// room, so questions whose keys are held from anyone (quiz.KeyVisibility:
// in an open attempt, or in a paper whose review time has not come) are
// not drawn, and naming one is refused on the draw's ids. Nor are two
// questions of a leak pair (quiz.CrossLeaks) put in one contest: a drawn
// round avoids d.Avoid and its partners, and naming a pair is refused.
func (b Bank) Draw(ctx context.Context, d Draw) ([]Question, error) {
	var qs []quiz.Question
	if len(d.IDs) > 0 {
		held, err := b.Quiz.HeldFromAudience(ctx)
		if err != nil {
			return nil, err
		}
		for _, id := range d.IDs {
			if _, ok := held[id]; ok {
				return nil, fault.InvalidField("ids", fmt.Sprintf("question %d is in a quiz whose key is not shown yet", id))
			}
			q, err := b.Quiz.Question(ctx, id)
			if err != nil {
				return nil, err
			}
			qs = append(qs, q)
		}
		pairs, err := b.Quiz.LeakPartners(ctx, append(slices.Clone(d.IDs), d.Avoid...))
		if err != nil {
			return nil, err
		}
		for _, p := range pairs {
			if slices.Contains(d.IDs, p[0]) || slices.Contains(d.IDs, p[1]) {
				return nil, fault.InvalidField("ids", fmt.Sprintf("questions %d and %d give each other's answers away and cannot be in one contest", p[0], p[1]))
			}
		}
	} else {
		rule := quiz.DrawRule{Count: d.Count, Type: quiz.Type(d.Type), BankID: d.BankID, LawID: d.LawID, Domain: quiz.Domain(d.Domain),
			MinDifficulty: d.MinDifficulty, MaxDifficulty: d.MaxDifficulty, Points: 1}
		var err error
		if qs, err = b.Quiz.DrawForAudienceAvoiding(ctx, d.Avoid, rule); err != nil {
			return nil, err
		}
	}
	out := make([]Question, 0, len(qs))
	for _, q := range qs {
		out = append(out, Snapshot(q))
	}
	return out, nil
}

// LeakPartners returns the leak pairs among ids (quiz.Service.LeakPartners).
func (b Bank) LeakPartners(ctx context.Context, ids []int64) ([][2]int64, error) {
	return b.Quiz.LeakPartners(ctx, ids)
}

// Snapshot copies a bank question into a contest question: options in
// their bank order as A, B, C…, the key as those letters, the citation as
// text.
func Snapshot(q quiz.Question) Question {
	c := Question{SourceID: q.ID, Stem: q.Stem, Explanation: q.Explanation, Citation: citationText(q.Citation)}
	letter := map[string]string{}
	for i, o := range q.Options {
		c.Options = append(c.Options, o.Text)
		letter[o.Key] = string(rune('A' + i))
	}
	switch q.Type {
	case quiz.TypeCase:
		return snapshotCase(q)
	case quiz.TypeSingle, quiz.TypeMultiple:
		c.Type = TypeSingle
		if q.Type == quiz.TypeMultiple {
			c.Type = TypeMultiple
		}
		for _, k := range q.Answer.Choices {
			c.Answer += letter[k]
		}
	case quiz.TypeTrueFalse:
		c.Type, c.Answer = TypeJudge, "F"
		if q.Answer.True != nil && *q.Answer.True {
			c.Answer = "T"
		}
	default:
		c.Type = TypeOral
		c.Answer = q.Answer.Reference
		if c.Answer == "" {
			var parts []string
			for _, b := range q.Answer.Blanks {
				parts = append(parts, strings.Join(b, "/"))
			}
			c.Answer = strings.Join(parts, "；")
		}
	}
	return c
}

// snapshotCase makes a case-analysis question an oral one the host judges:
// the stem is the case narrative followed by the numbered sub-questions
// (with their options), so the big screen shows the case; the reference
// answer, explanation and citation list each sub-question's in turn.
func snapshotCase(q quiz.Question) Question {
	c := Question{SourceID: q.ID, Type: TypeOral, Case: &Case{Narrative: q.Stem, Parts: []CasePart{}}}
	stem := []string{q.Stem}
	var ans, exp, cites []string
	for i, p := range q.Parts {
		n := fmt.Sprintf("（%d）", i+1)
		lines := []string{n + p.Stem}
		cp := CasePart{Type: string(p.Type), Stem: p.Stem}
		// options are shown as A, B, C… in their bank order, so the key
		// letters in the reference answer are rewritten to match
		letter := map[string]string{}
		for j, o := range p.Options {
			l := string(rune('A' + j))
			letter[o.Key] = l
			lines = append(lines, l+". "+o.Text)
			cp.Options = append(cp.Options, o.Text)
		}
		c.Case.Parts = append(c.Case.Parts, cp)
		stem = append(stem, strings.Join(lines, "\n"))
		a := p.Answer.Reference
		if len(p.Answer.Choices) > 0 {
			a = ""
			for _, k := range p.Answer.Choices {
				a += letter[k]
			}
		}
		ans = append(ans, n+a)
		if p.Explanation != "" {
			exp = append(exp, n+p.Explanation)
		}
		if t := citationText(p.Citation); t != "" && !slices.Contains(cites, t) {
			cites = append(cites, t)
		}
	}
	c.Stem, c.Answer = strings.Join(stem, "\n"), strings.Join(ans, "；")
	c.Explanation, c.Citation = strings.Join(exp, "\n"), strings.Join(cites, "、")
	return c
}

func citationText(c quiz.Citation) string {
	if c.LawName == "" {
		return ""
	}
	s := "《" + strings.Trim(c.LawName, "《》") + "》"
	if c.Article > 0 {
		s += fmt.Sprintf("第%s条", chineseNumber(c.Article))
	}
	if c.Paragraph > 0 {
		s += fmt.Sprintf("第%s款", chineseNumber(c.Paragraph))
	}
	if c.Item > 0 {
		s += fmt.Sprintf("第（%s）项", chineseNumber(c.Item))
	}
	return s
}

// chineseNumber writes 1–999 the way article numbers are written (第三十六条).
func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	if n <= 0 || n >= 1000 {
		return fmt.Sprint(n)
	}
	h, t, u := n/100, n/10%10, n%10
	s := ""
	if h > 0 {
		s += digits[h] + "百"
		if t == 0 && u > 0 {
			s += "零"
		}
	}
	if t > 0 {
		if !(t == 1 && h == 0) {
			s += digits[t]
		}
		s += "十"
	}
	if u > 0 {
		s += digits[u]
	}
	return s
}
