// Package frontend holds the built single-page application so the server
// binary can serve it without a separate web server.
package frontend

import (
	"embed"
	"io/fs"
)

// Dist is the Vite output directory. Only dist/.keep is committed; `npm run
// build` fills the rest. The all: prefix keeps the placeholder (a dot file)
// so the package compiles before the front end has been built.
//
//go:embed all:dist
var Dist embed.FS

// FS returns the contents of dist as the root of a file system, and whether
// a built application (dist/index.html) is present in it.
func FS() (fs.FS, bool) {
	sub, err := fs.Sub(Dist, "dist")
	if err != nil {
		return nil, false
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return sub, false
	}
	return sub, true
}
