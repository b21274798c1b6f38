/**
 * Products per page of the products list (product.list's `limit`): the view asks for pages of
 * this size and page.tsx reads the first one on the server with the same input, so the browser
 * finds it in its cache under the same key. A module of its own: a server component cannot read
 * a value from a client module.
 */
export const PRODUCT_PAGE = 100;
