package fault

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Text messages. They are keys of the Chinese translations at the edge.
const (
	MsgRequired      = "is required"
	MsgInvisible     = "has no visible text"
	MsgControl       = "contains a control character"
	MsgBidi          = "contains a text-direction control character"
	MsgTooLongFormat = "is too long (at most %d characters)"
)

// TextProblem says why s is not acceptable as free text, or "" when it is.
// Text is refused when it is longer than max characters (0: no limit),
// carries a NUL or another control character (tab, line feed and carriage
// return excepted), carries a bidi embedding, override or isolate
// (U+202A–U+202E, U+2066–U+2069: they make text read differently from how
// it is stored), or, when required, has no visible character once white
// space, zero-width and other format characters are left out.
func TextProblem(s string, max int, required bool) string {
	visible := false
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r == 0 || unicode.IsControl(r):
			return MsgControl
		case (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069):
			return MsgBidi
		case !visible && isVisible(r):
			visible = true
		}
	}
	if max > 0 && utf8.RuneCountInString(s) > max {
		return fmt.Sprintf(MsgTooLongFormat, max)
	}
	if required && !visible {
		if s == "" {
			return MsgRequired
		}
		return MsgInvisible
	}
	return ""
}

// Visible reports whether s has a character a reader can see: not white
// space, not a format character (zero-width space and joiners, BOM, soft
// hyphen…), not a lone combining mark and not a filler.
func Visible(s string) bool {
	for _, r := range s {
		if isVisible(r) {
			return true
		}
	}
	return false
}

func isVisible(r rune) bool {
	switch {
	case r == utf8.RuneError, unicode.IsSpace(r), unicode.IsControl(r), unicode.Is(unicode.Cf, r),
		unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), unicode.Is(unicode.Co, r):
		return false
	case r == 0x115F || r == 0x1160 || r == 0x3164 || r == 0xFFA0 || r == 0x2800: // Hangul fillers, blank Braille
		return false
	}
	return true
}

// Text adds TextProblem's message for field, if any.
func (f Fields) Text(field, s string, max int, required bool) {
	if msg := TextProblem(s, max, required); msg != "" {
		f.Add(field, msg)
	}
}
