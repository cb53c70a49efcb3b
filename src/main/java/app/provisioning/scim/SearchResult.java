package app.provisioning.scim;

import java.util.List;

/**
 * One page of a list query; {@code nextCursor} is set in cursor paging while more results
 * remain.
 */
public record SearchResult(List<StoredResource> resources, long totalResults, String nextCursor) {

}
