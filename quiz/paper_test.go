package quiz

import (
	"testing"
	"time"

	"github.com/weishi-dev/weishi/server/fault"
)

func TestCheckPaper(t *testing.T) {
	at := func(h int) *time.Time { v := time.Date(2026, 6, 1, h, 0, 0, 0, time.UTC); return &v }
	base := func() Paper {
		return Paper{Title: "测验", Rules: []DrawRule{{Count: 10, Type: TypeSingle, Points: 2}}, PassMark: 12, TimeLimit: 30}
	}
	tests := []struct {
		name  string
		edit  func(*Paper)
		field string // "" = valid
	}{
		{"valid", func(p *Paper) {}, ""},
		{"fixed items only", func(p *Paper) { p.Rules = nil; p.Items = []PaperItem{{1, 5}, {2, 5}}; p.PassMark = 6 }, ""},
		{"no title", func(p *Paper) { p.Title = "  " }, "title"},
		{"nothing to ask", func(p *Paper) { p.Rules = nil }, "items"},
		{"repeated item", func(p *Paper) { p.Items = []PaperItem{{1, 1}, {1, 1}} }, "items[1]"},
		{"zero points item", func(p *Paper) { p.Items = []PaperItem{{1, 0}} }, "items[0].points"},
		{"bad rule", func(p *Paper) { p.Rules[0].Count = 0 }, "rules[0]"},
		{"rule without points", func(p *Paper) { p.Rules[0].Points = 0 }, "rules[0].points"},
		{"time limit", func(p *Paper) { p.TimeLimit = 601 }, "timeLimit"},
		{"attempts", func(p *Paper) { p.MaxAttempts = -1 }, "maxAttempts"},
		{"counting", func(p *Paper) { p.Counting = "average" }, "counting"},
		{"multi mode", func(p *Paper) { p.MultiMode = "half" }, "multiMode"},
		{"review", func(p *Paper) { p.Review = "sometimes" }, "review"},
		{"window backwards", func(p *Paper) { p.OpensAt, p.ClosesAt = at(10), at(9) }, "closesAt"},
		{"after close without close", func(p *Paper) { p.Review = ReviewAfterClose }, "review"},
		{"pass mark above total", func(p *Paper) { p.PassMark = 21 }, "passMark"},
		{"negative pass mark", func(p *Paper) { p.PassMark = -1 }, "passMark"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.edit(&p)
			err := checkPaper(&p)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				if p.Counting != CountHighest || p.MultiMode != MultiAllOrNothing || p.Review != ReviewImmediately {
					t.Errorf("defaults not filled: %+v", p)
				}
				return
			}
			fe, ok := fault.As(err)
			if !ok || fe.Code != fault.Invalid || fe.Fields[tt.field] == "" {
				t.Fatalf("want a message on %s, got %v", tt.field, err)
			}
		})
	}
}

func TestPaperWindowReviewAndDeadline(t *testing.T) {
	t9 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	opens, closes := t9, t9.Add(time.Hour)
	p := Paper{OpensAt: &opens, ClosesAt: &closes, TimeLimit: 30}
	tests := []struct {
		name   string
		now    time.Time
		open   bool
		review map[Review]bool
		due    time.Time
	}{
		{"before", t9.Add(-time.Minute), false, map[Review]bool{ReviewImmediately: true, ReviewAfterClose: false, ReviewNever: false}, t9.Add(29 * time.Minute)},
		{"at opening", t9, true, map[Review]bool{ReviewImmediately: true, ReviewAfterClose: false, ReviewNever: false}, t9.Add(30 * time.Minute)},
		{"late start is cut at closing", t9.Add(45 * time.Minute), true, map[Review]bool{ReviewAfterClose: false}, closes},
		{"at closing", closes, false, map[Review]bool{ReviewImmediately: true, ReviewAfterClose: true, ReviewNever: false}, closes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Open(tt.now); got != tt.open {
				t.Errorf("Open = %v", got)
			}
			for r, want := range tt.review {
				q := p
				q.Review = r
				if got := q.ReviewAllowed(tt.now); got != want {
					t.Errorf("ReviewAllowed(%s) = %v", r, got)
				}
			}
			if got := deadline(p, tt.now); !got.Equal(tt.due) {
				t.Errorf("deadline = %v, want %v", got, tt.due)
			}
		})
	}
	// no limit and no window: a week
	now := t9
	if got := deadline(Paper{}, now); !got.Equal(now.Add(7 * 24 * time.Hour)) {
		t.Errorf("open-ended deadline = %v", got)
	}
	if total := (Paper{Items: []PaperItem{{1, 1.5}}, Rules: []DrawRule{{Count: 3, Points: 2}}}).Total(); total != 7.5 {
		t.Errorf("Total = %v", total)
	}
}
