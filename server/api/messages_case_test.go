package api

import "testing"

// The case-analysis messages of quiz/ read in Chinese too.
func TestTranslateCaseMessages(t *testing.T) {
	tests := []struct{ en, zh string }{
		{"at most 5 sub-question answers", "小题答案最多 5 个"},
		{"give a score for each of the 2 short sub-questions", "请为 2 道简答小题逐一打分"},
		{"sub-question 3: must be between 0 and 2.5", "第 3 小题：须在 0 到 2.5 之间"},
		{"a case-analysis question has 2 to 5 sub-questions", "案例分析题应有 2 至 5 道小题"},
	}
	for _, tt := range tests {
		if got := translate(true, tt.en); got != tt.zh {
			t.Errorf("translate(%q) = %q, want %q", tt.en, got, tt.zh)
		}
		if got := translate(false, tt.en); got != tt.en {
			t.Errorf("English %q became %q", tt.en, got)
		}
	}
}
