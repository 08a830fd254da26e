/** One page of a list endpoint. */
export interface Page<T> {
  items: T[]
  total: number
}

export interface ItemList<T> {
  items: T[]
}
