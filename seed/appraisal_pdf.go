package seed

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
)

// DemoPDF writes a small PDF of one or more A4 pages: a title and lines
// of Chinese text in the standard CJK font STSong-Light (not embedded:
// readers bring their own, pdf.js with the bundled UniGB-UCS2-H CMap).
// Nothing in it identifies the platform's users; the parties are made up.
func DemoPDF(title string, lines []string) []byte {
	const perPage = 34
	var pages [][]string
	for i := 0; i < len(lines) || i == 0; i += perPage {
		pages = append(pages, lines[i:min(i+perPage, len(lines))])
	}
	var objs []string // objects 1…n, in order
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	catalog := add("")  // 1, filled below
	pagesObj := add("") // 2
	font := add("<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [" + fmt.Sprint(len(objs)+2) + " 0 R] >>")
	add("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor " +
		fmt.Sprint(len(objs)+2) + " 0 R /DW 1000 >>")
	add("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
	var kids []string
	for pi, pl := range pages {
		var c strings.Builder
		if pi == 0 {
			size := 20
			w := len([]rune(title)) * size
			fmt.Fprintf(&c, "BT /F1 %d Tf %d 770 Td <%s> Tj ET\n", size, max(40, (595-w)/2), hexUCS2(title))
		}
		y := 730
		for _, l := range pl {
			fmt.Fprintf(&c, "BT /F1 12 Tf 60 %d Td <%s> Tj ET\n", y, hexUCS2(l))
			y -= 20
		}
		fmt.Fprintf(&c, "BT /F1 9 Tf 280 40 Td <%s> Tj ET\n", hexUCS2(fmt.Sprintf("第 %d 页 共 %d 页", pi+1, len(pages))))
		content := add(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", c.Len(), c.String()))
		page := add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", font, content))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[catalog-1] = "<< /Type /Catalog /Pages 2 0 R >>"
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))

	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// hexUCS2 is s in UCS-2 big endian, as hex (the UniGB-UCS2-H encoding).
func hexUCS2(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}
