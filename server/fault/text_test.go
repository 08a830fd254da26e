package fault

import (
	"strings"
	"testing"
)

func TestTextProblem(t *testing.T) {
	for _, tc := range []struct {
		name     string
		s        string
		max      int
		required bool
		want     string
	}{
		{"plain", "著作权法第十条", 20, true, ""},
		{"punctuation is visible", "？？？", 20, true, ""},
		{"brackets and ideographic spaces", "（　　）", 20, true, ""},
		{"empty optional", "", 20, false, ""},
		{"empty required", "", 20, true, MsgRequired},
		{"spaces only", "  \t\n　", 20, true, MsgInvisible},
		{"zero-width space", "\u200b\u200b\u200b", 20, true, MsgInvisible},
		{"zero-width joiners and BOM", "\u200c\u200d\ufeff\u2060", 20, true, MsgInvisible},
		{"soft hyphen", "\u00ad", 20, true, MsgInvisible},
		{"lone combining marks", "\u0301\u0308", 20, true, MsgInvisible},
		{"hangul filler", "\u3164", 20, true, MsgInvisible},
		{"invisible but optional", "\u200b", 20, false, ""},
		{"NUL", "a\x00b", 20, true, MsgControl},
		{"bell", "a\x07", 20, true, MsgControl},
		{"DEL", "a\x7f", 20, true, MsgControl},
		{"C1 control", "a\u0085", 20, true, MsgControl},
		{"newlines and tabs are fine", "a\r\n\tb", 20, true, ""},
		{"LRE", "a\u202ab", 20, true, MsgBidi},
		{"RLO", "a\u202eb", 20, true, MsgBidi},
		{"PDF", "\u202c", 20, false, MsgBidi},
		{"LRI", "a\u2066b", 20, true, MsgBidi},
		{"PDI", "a\u2069b", 20, true, MsgBidi},
		{"RLM is a mark, not an override", "a\u200fb", 20, true, ""},
		{"at the limit", strings.Repeat("字", 20), 20, true, ""},
		{"over the limit in characters", strings.Repeat("字", 21), 20, true, "is too long (at most 20 characters)"},
		{"bytes do not count", strings.Repeat("字", 20), 20, true, ""},
		{"no limit", strings.Repeat("a", 100000), 0, true, ""},
		{"control wins over length", strings.Repeat("a", 30) + "\x00", 20, true, MsgControl},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := TextProblem(tc.s, tc.max, tc.required); got != tc.want {
				t.Fatalf("TextProblem(%q) = %q, want %q", tc.s, got, tc.want)
			}
			f := Fields{}
			f.Text("x", tc.s, tc.max, tc.required)
			if f["x"] != tc.want {
				t.Fatalf("Fields.Text = %q", f["x"])
			}
		})
	}
}

func TestUnknownIDs(t *testing.T) {
	e := UnknownIDs("unitIds", []int64{999999, 7})
	if e.Code != Invalid || e.Fields["unitIds"] != "unknown ids: 999999, 7" {
		t.Fatalf("%+v", e)
	}
	many := make([]int64, 25)
	for i := range many {
		many[i] = int64(i + 1)
	}
	if msg := UnknownIDs("userIds", many).Fields["userIds"]; !strings.HasSuffix(msg, "20, … (25 in all)") {
		t.Fatalf("%q", msg)
	}
}
