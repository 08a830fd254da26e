package seed

import "embed"

// questionFiles holds the seed bank: questions/*.txt in the text format of
// docs/question-format.md (the README keeps the directory embeddable while
// the bank is being written).
//
//go:embed questions
var questionFiles embed.FS
