package app.provisioning.scim.query;

import com.unboundid.scim2.common.filters.Filter;

import app.provisioning.scim.schema.ResolvedAttribute;

/**
 * A list query as the store receives it: filter (null for all), sort, and either index
 * paging ({@code startIndex}, 1-based) or cursor paging ({@code cursor} non-null; empty
 * for the first page, RFC 9865).
 */
public record ScimSearch(Filter filter, ResolvedAttribute sortBy, boolean descending, int startIndex, int count,
		String cursor, boolean withMembers) {

	public boolean cursorPaging() {
		return this.cursor != null;
	}

}
