package api

// CertDateForTest exposes certDate to the external tests.
var CertDateForTest = certDate
