package app.provisioning.scim;

import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;

import app.provisioning.scim.patch.MembershipChange;
import app.provisioning.scim.query.ScimSearch;

/**
 * What the SCIM protocol needs from storage, for one resource type. Every method is
 * scoped to one account; ids of another account behave exactly like ids that do not
 * exist. Implemented by the directory feature.
 */
public interface ResourceStore {

	/**
	 * @throws ScimException 409 uniqueness when userName (or a group's displayName) is
	 * taken
	 */
	StoredResource create(UUID accountId, ObjectNode attributes, MembershipChange members) throws ScimException;

	Optional<StoredResource> find(UUID accountId, String id, boolean withMembers);

	/**
	 * Reads the resource under a row lock, applies {@code change}, and stores the result
	 * in one transaction, so concurrent PATCHes never lose each other's work.
	 * @param ifMatch the If-Match header, or null
	 * @throws ScimException 404, 412 when ifMatch names another version, 409, or what the
	 * change throws
	 */
	StoredResource update(UUID accountId, String id, String ifMatch, ResourceChange change, boolean withMembers)
			throws ScimException;

	/**
	 * Applies membership edits to a group without reading it under a lock first: the
	 * member rows change side by side, and only the version bump at the end locks the
	 * group's row, so many one-member PATCHes to one large group do not queue behind each
	 * other.
	 * @throws ScimException 404, or 400 for members that do not exist
	 */
	StoredResource changeMembers(UUID accountId, String id, MembershipChange change) throws ScimException;

	/** Hides the resource from SCIM; the row stays for the records that depend on it. */
	void delete(UUID accountId, String id, String ifMatch) throws ScimException;

	SearchResult search(UUID accountId, ScimSearch search) throws ScimException;

	/** A change to a stored resource, computed from its current state. */
	@FunctionalInterface
	interface ResourceChange {

		Outcome apply(ObjectNode current) throws ScimException;

		record Outcome(ObjectNode attributes, MembershipChange members) {
		}

	}

}
