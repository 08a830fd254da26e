package contest

import (
	"errors"
	"testing"

	"github.com/weishi-dev/weishi/server/fault"
)

func TestDrawError(t *testing.T) {
	tests := []struct {
		name  string
		in    error
		field string // "" when the error passes through
		msg   string
	}{
		{"too few questions", fault.InvalidField("rules[0]", "only 2 questions match this rule"), "config.rounds[3].draw", "only 2 questions match this rule"},
		{"missing question id", fault.NotFoundf("question 77 not found"), "config.rounds[3].draw", "question 77 not found"},
		{"database failure passes", errors.New("disk full"), "", ""},
		{"forbidden passes", fault.Errorf(fault.Forbidden, "no"), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := drawError(3, tt.in)
			if tt.field == "" {
				if got != tt.in {
					t.Fatalf("changed %v into %v", tt.in, got)
				}
				return
			}
			fe, ok := got.(*fault.Error)
			if !ok || fe.Code != fault.Invalid || fe.Fields[tt.field] != tt.msg || len(fe.Fields) != 1 {
				t.Fatalf("got %#v", got)
			}
		})
	}
}
