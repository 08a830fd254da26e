package quiz

import (
	"strings"
	"unicode"
)

// fold maps full-width ASCII (Ａ，；０) to half-width and the ideographic
// space to a space; other runes are kept.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

// Fold returns s with full-width ASCII made half-width.
func Fold(s string) string { return strings.Map(fold, s) }

// normalizeBlank is how fill-in answers compare: width-folded, lower case,
// without any white space, and with Chinese and ASCII punctuation at the
// ends dropped.
func normalizeBlank(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = fold(r)
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimFunc(b.String(), func(r rune) bool {
		return unicode.IsPunct(r) || r == '。'
	})
}

// normalizeStem reduces a stem to the letters and digits that matter for
// duplicate detection: width-folded, lower case, without spaces,
// punctuation, blanks (____) and brackets.
func normalizeStem(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = unicode.ToLower(fold(r))
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
