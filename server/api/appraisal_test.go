package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/weishi-dev/weishi/quiz/appraisal"
	"github.com/weishi-dev/weishi/quiz/judging"
	"github.com/weishi-dev/weishi/server/api"
	"github.com/weishi-dev/weishi/server/docfile"
	"github.com/weishi-dev/weishi/server/live"
	"github.com/weishi-dev/weishi/server/sqlstore"
)

func newAppraisalEnv(t *testing.T) *judgingEnv {
	return newAppraisalEnvWith(t, nil)
}

// newAppraisalEnvWith starts the appraisal with conv as its DOCX converter
// (nil: none, so a DOCX is offered as a download), conversions run inline.
func newAppraisalEnvWith(t *testing.T, conv appraisal.Converter) *judgingEnv {
	return newAppraisalEnvIn(t, t.TempDir(), conv)
}

// newAppraisalEnvIn keeps the files under dir/documents.
func newAppraisalEnvIn(t *testing.T, dir string, conv appraisal.Converter) *judgingEnv {
	e := newEnv(t, options{features: func(db *sqlstore.DB, d *api.Deps) {
		d.Judging = judging.NewService(db.Judging(), time.Now, nil)
		d.ContestLive = d.Shared.(*live.Client)
		blobs, err := docfile.Open(filepath.Join(dir, "documents"))
		if err != nil {
			t.Fatal(err)
		}
		d.Appraisal = appraisal.NewService(d.Judging, db.Appraisal(), blobs, time.Now)
		d.DocumentFiles = &blobs
		if conv != nil {
			d.Appraisal.SetConverter(conv, func(_ string, fn func()) { fn() }, 10*time.Second)
		}
		d.Judging.SetGate(d.Appraisal)
	}})
	return judgingEnvOn(t, e)
}

// TestAppraisalHTTP: uploads sniffed and idempotent, the assignment, 403
// for an unassigned document, and no hidden field in any answer a judge
// can reach before the reveal: every GET route of the OpenAPI document is
// walked as each judge with every id of the contest.
func TestAppraisalHTTP(t *testing.T) {
	je := newAppraisalEnv(t)
	cfg := judging.Config{Rubric: appraisal.Template().Rubric}
	for _, u := range je.judgeUsers {
		cfg.Panel = append(cfg.Panel, judging.Judge{UserID: u.ID, Name: u.Name, UnitID: u.UnitID})
	}
	r := je.org.call("POST", "/api/v1/judging/contests", map[string]any{"kind": "document", "title": "优秀执法文书评选", "config": cfg})
	wantStatus(t, r, 201)
	var c judging.Contest
	r.json(t, &c)
	base := fmt.Sprintf("/api/v1/judging/contests/%d", c.ID)
	abase := fmt.Sprintf("/api/v1/appraisal/contests/%d", c.ID)
	secrets := []string{"京文执罚〔2026〕0", "张警官", "案卷-一大队"}
	var in []judging.Entry
	for i := 0; i < 6; i++ {
		unit := je.unitA
		if i%2 == 1 {
			unit = je.unitB
		}
		in = append(in, judging.Entry{Name: "张警官" + fmt.Sprint(i), Title: fmt.Sprintf("京文执罚〔2026〕0%d号", i), UnitID: unit.ID, Unit: unit.Name})
	}
	r = je.org.call("PUT", base+"/entries", map[string]any{"entries": in})
	wantStatus(t, r, 200)
	var eb struct{ Entries []judging.Entry }
	r.json(t, &eb)

	files := map[int64]string{}
	for i, e := range eb.Entries {
		path := fmt.Sprintf("%s/entries/%d/files", abase, e.ID)
		data := []byte(fmt.Sprintf("%%PDF-1.7 document %d", i))
		r = upload(je.org, path, "案卷-一大队-"+fmt.Sprint(i)+".pdf", data)
		wantStatus(t, r, 201)
		var fr struct {
			File    appraisal.StoredFile
			Created bool
		}
		r.json(t, &fr)
		if fr.File.SHA256 != docfile.Hash(data) || !fr.Created {
			t.Fatalf("upload %s", r.body)
		}
		r = upload(je.org, path, "retry.pdf", data) // an interrupted upload retried
		wantStatus(t, r, 200)
		var again struct{ File appraisal.StoredFile }
		r.json(t, &again)
		if again.File.ID != fr.File.ID {
			t.Fatalf("a retry stored a second file: %s", r.body)
		}
		files[e.ID] = fr.File.ID
	}
	first := fmt.Sprintf("%s/entries/%d/files", abase, eb.Entries[0].ID)
	wantStatus(t, upload(je.org, first, "fake.pdf", []byte("\x89PNG\r\n\x1a\nxxxx")), 422)
	wantStatus(t, upload(je.org, first, "page.html", []byte("<script>")), 422)
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for _, n := range []string{"[Content_Types].xml", "word/document.xml"} {
		f, _ := zw.Create(n)
		f.Write([]byte("<x/>"))
	}
	f, _ := zw.Create("word/media/bomb.bin")
	f.Write(make([]byte, 8<<20))
	zw.Close()
	r = upload(je.org, first, "bomb.docx", zb.Bytes())
	wantStatus(t, r, 422)
	if !strings.Contains(r.err(t).Error.Fields["file"], "compressed") {
		t.Fatalf("bomb refusal %s", r.body)
	}
	wantStatus(t, upload(je.judges[1], first, "x.pdf", []byte("%PDF-1.7")), 403)

	wantStatus(t, je.judges[1].call("POST", abase+"/assignment", map[string]any{"k": 2}), 403)
	wantStatus(t, je.org.call("POST", abase+"/assignment", map[string]any{"k": 9}), 422)
	r = je.org.call("POST", abase+"/assignment", map[string]any{"k": 2, "seed": "77"})
	wantStatus(t, r, 200)
	var ar struct {
		Assignment appraisal.Assignment
		Seed       string
		Loads      map[string]int
	}
	r.json(t, &ar)
	if ar.Seed != "77" || len(ar.Loads) != 4 {
		t.Fatalf("assignment %s", r.body)
	}
	wantStatus(t, je.org.call("POST", base+"/status", map[string]any{"status": "open"}), 200)

	for ji, j := range je.judges {
		uid := je.judgeUsers[ji].ID
		r = j.call("GET", abase+"/judge", nil)
		wantStatus(t, r, 200)
		wantStatus(t, j.call("GET", abase+"/documents", nil), 403)
		for _, e := range eb.Entries {
			r = j.do("GET", "/api/v1/appraisal/files/"+files[e.ID], nil, "")
			if !ar.Assignment.Assigned(uid, e.ID) {
				wantStatus(t, r, 403)
				continue
			}
			wantStatus(t, r, 200)
			if r.header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(r.header.Get("Content-Disposition"), "filename*=UTF-8''") || r.header.Get("Content-Security-Policy") == "" {
				t.Fatalf("file headers %v", r.header)
			}
		}
	}
	wantStatus(t, je.staff.do("GET", "/api/v1/appraisal/files/"+files[eb.Entries[0].ID], nil, ""), 403)

	// Walk every GET route a judge may call, with every id there is.
	r = je.client().do("GET", "/api/openapi.json", nil, "")
	wantStatus(t, r, 200)
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	r.json(t, &doc)
	var paths []string
	for p, ops := range doc.Paths {
		if _, ok := ops["get"]; ok && !strings.HasPrefix(p, "/ws/") {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	param := regexp.MustCompile(`\{(\w+)\}|:(\w+)`)
	var fileIDs []string
	for _, id := range files {
		fileIDs = append(fileIDs, id)
	}
	values := map[string][]string{"id": {fmt.Sprint(c.ID)}, "file": fileIDs}
	for _, e := range eb.Entries {
		values["entry"] = append(values["entry"], fmt.Sprint(e.ID))
	}
	for _, u := range je.judgeUsers {
		values["judge"] = append(values["judge"], fmt.Sprint(u.ID))
	}
	walked := 0
	for ji, j := range je.judges {
		for _, p := range paths {
			for _, url := range expand(p, param, values) {
				r = j.do("GET", url, nil, "")
				if r.status != 200 {
					continue
				}
				walked++
				body := string(r.body)
				for _, s := range secrets {
					if strings.Contains(body, s) {
						t.Errorf("judge %d: GET %s carries %q before the reveal", ji+1, url, s)
					}
				}
				if strings.Contains(p, "judging") || strings.Contains(p, "appraisal") {
					var any map[string]any
					if json.Unmarshal(r.body, &any) == nil && strings.Contains(body, fmt.Sprintf(`"unitId":%d`, je.unitB.ID)) {
						t.Errorf("judge %d: GET %s carries a document's unit", ji+1, url)
					}
				}
			}
		}
	}
	if walked < 20 {
		t.Fatalf("walked only %d answers", walked)
	}
}

func expand(p string, re *regexp.Regexp, values map[string][]string) []string {
	m := re.FindStringSubmatchIndex(p)
	if m == nil {
		return []string{p}
	}
	name := p[m[2]:m[3]]
	if m[2] < 0 {
		name = p[m[4]:m[5]]
	}
	var out []string
	for _, v := range values[name] {
		out = append(out, expand(p[:m[0]]+v+p[m[1]:], re, values)...)
	}
	return out
}
