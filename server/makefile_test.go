package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMakeTestRunsEveryTarget runs the real Makefile's `make test` in a
// scratch directory with fake go and npm on PATH (go always fails, npm
// always succeeds): every target must still run, the failures must be
// listed at the end, and make must exit non-zero.
func TestMakeTestRunsEveryTarget(t *testing.T) {
	makeBin, err := exec.LookPath("make")
	if err != nil {
		t.Skip("make not installed")
	}
	src, err := os.ReadFile("../Makefile")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "fakebin")
	write := func(path, body string, mode os.FileMode) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "Makefile"), string(src), 0o644)
	write(filepath.Join(dir, "frontend", "package-lock.json"), "{}", 0o644)
	write(filepath.Join(bin, "go"), "#!/bin/sh\necho \"fake go $*\"\nexit 1\n", 0o755)
	write(filepath.Join(bin, "npm"), "#!/bin/sh\necho \"fake npm $*\"\n[ \"$1\" = ci ] && mkdir -p node_modules\nexit 0\n", 0o755)

	cmd := exec.Command(makeBin, "test", "CHROMIUM=/nonexistent")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+bin+":/usr/bin:/bin", "MAKEFLAGS=", "MFLAGS=")
	out, err := cmd.CombinedOutput()
	text := string(out)
	if err == nil {
		t.Fatalf("make test must fail when targets fail:\n%s", text)
	}
	for _, want := range []string{"fake go vet", "fake go test", "fake npm test", "FAILED: vet gotest e2e"} {
		if !strings.Contains(text, want) {
			t.Fatalf("missing %q in:\n%s", want, text)
		}
	}
	if strings.Contains(text, "FAILED: vet gotest fetest") {
		t.Fatalf("fetest passed and must not be listed:\n%s", text)
	}
}
