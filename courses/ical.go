package courses

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one calendar entry of a feed.
type Event struct {
	UID         string
	Sequence    int
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	Cancelled   bool
	Modified    time.Time
}

// SessionEvent turns a session into an event with a UID that stays the
// same across edits, so calendar apps update instead of duplicating.
func SessionEvent(s Session, host string) Event {
	desc := s.ClassTitle
	if s.Lecturer != "" {
		desc += "\n" + s.Lecturer
	}
	if s.Hours > 0 {
		desc += "\n" + strconv.FormatFloat(s.Hours, 'f', -1, 64) + " 学时"
	}
	summary := s.Topic
	if s.ClassTitle != "" {
		summary = s.ClassTitle + "：" + s.Topic
	}
	return Event{UID: "session-" + strconv.FormatInt(s.ID, 10) + "@" + host, Sequence: s.Sequence,
		Start: s.Start, End: s.End, Summary: summary, Location: s.Venue, Description: desc,
		Cancelled: s.Cancelled, Modified: s.UpdatedAt}
}

// Calendar writes an RFC 5545 VCALENDAR with the events. Times are
// written in UTC ("Z"), which every client shows in its own zone, so
// Asia/Shanghai times come out right without a VTIMEZONE. stamp is DTSTAMP.
func Calendar(name string, events []Event, stamp time.Time) []byte {
	var b strings.Builder
	line := func(s string) { b.WriteString(fold(s)); b.WriteString("\r\n") }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Weishi//Training schedule//ZH")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escapeText(name))
	line("X-WR-TIMEZONE:Asia/Shanghai")
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + escapeText(e.UID))
		line("DTSTAMP:" + icalTime(stamp))
		line("DTSTART:" + icalTime(e.Start))
		line("DTEND:" + icalTime(e.End))
		line("SEQUENCE:" + strconv.Itoa(e.Sequence))
		if !e.Modified.IsZero() {
			line("LAST-MODIFIED:" + icalTime(e.Modified))
		}
		line("SUMMARY:" + escapeText(e.Summary))
		if e.Location != "" {
			line("LOCATION:" + escapeText(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION:" + escapeText(e.Description))
		}
		if e.Cancelled {
			line("STATUS:CANCELLED")
		} else {
			line("STATUS:CONFIRMED")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return []byte(b.String())
}

func icalTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escapeText escapes a TEXT value (RFC 5545 3.3.11).
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// fold splits a content line into 75-octet pieces joined by CRLF and a
// space (RFC 5545 3.1), never inside a UTF-8 sequence.
func fold(s string) string {
	if len(s) <= 75 {
		return s
	}
	var b strings.Builder
	limit := 75
	n := 0
	for len(s) > 0 {
		_, size := utf8.DecodeRuneInString(s)
		if n+size > limit {
			b.WriteString("\r\n ")
			n = 0
			limit = 74 // the leading space counts
		}
		b.WriteString(s[:size])
		n += size
		s = s[size:]
	}
	return b.String()
}
