package contest

import (
	"testing"

	"github.com/weishi-dev/weishi/quiz"
)

func TestSnapshot(t *testing.T) {
	yes := true
	tests := []struct {
		in   quiz.Question
		want Question
	}{
		{quiz.Question{ID: 3, Type: quiz.TypeMultiple, Stem: "s", Options: []quiz.Option{{Key: "A", Text: "a"}, {Key: "B", Text: "b"}, {Key: "C", Text: "c"}},
			Answer: quiz.Answer{Choices: []string{"A", "C"}}, Citation: quiz.Citation{LawName: "行政处罚法", Article: 36, Paragraph: 1}},
			Question{SourceID: 3, Type: TypeMultiple, Stem: "s", Options: []string{"a", "b", "c"}, Answer: "AC", Citation: "《行政处罚法》第三十六条第一款"}},
		{quiz.Question{ID: 4, Type: quiz.TypeTrueFalse, Stem: "t", Answer: quiz.Answer{True: &yes}, Citation: quiz.Citation{LawName: "《著作权法》", Article: 110}},
			Question{SourceID: 4, Type: TypeJudge, Stem: "t", Answer: "T", Citation: "《著作权法》第一百一十条"}},
		{quiz.Question{ID: 5, Type: quiz.TypeFill, Stem: "f", Answer: quiz.Answer{Blanks: [][]string{{"五", "5"}, {"二百"}}}},
			Question{SourceID: 5, Type: TypeOral, Stem: "f", Answer: "五/5；二百"}},
	}
	for _, tt := range tests {
		got := Snapshot(tt.in)
		if got.Type != tt.want.Type || got.Answer != tt.want.Answer || got.Citation != tt.want.Citation || len(got.Options) != len(tt.want.Options) || got.SourceID != tt.want.SourceID {
			t.Errorf("Snapshot(%d) = %+v, want %+v", tt.in.ID, got, tt.want)
		}
	}
	for n, want := range map[int]string{1: "一", 10: "十", 12: "十二", 36: "三十六", 100: "一百", 105: "一百零五", 120: "一百二十"} {
		if got := chineseNumber(n); got != want {
			t.Errorf("chineseNumber(%d)=%s, want %s", n, got, want)
		}
	}
}
