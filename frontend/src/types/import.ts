export interface ImportRow {
  /** Sheet row number; 2 is the first data row. */
  row: number
  account: string
  name: string
  employeeNo: string
  unit: string
  phone: string
  roles: string[]
  /** Field name → message; empty or absent when the row is valid. */
  errors?: Record<string, string>
}

export interface ImportReport {
  total: number
  valid: boolean
  errorCount: number
  rows: ImportRow[]
}

export interface GeneratedPassword {
  account: string
  password: string
}

export interface ImportResult {
  created: number
  passwords: GeneratedPassword[]
}
