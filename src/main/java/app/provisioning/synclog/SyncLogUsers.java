package app.provisioning.synclog;

import java.util.List;
import java.util.UUID;

/**
 * Who "a user" is in the sync log: the records made from it and its SCIM users. The log
 * names them by id only; the features that own records and SCIM users know which ids a
 * user principal name or an object ID stands for, and implement this.
 */
public interface SyncLogUsers {

	/**
	 * The ids behind what an administrator typed: a record's unique key, a record id, a
	 * SCIM user id or user name, or an Entra object ID.
	 */
	LoggedUser identify(UUID accountId, String user);

	/** Ids of the user's records and of its SCIM users; either list may be empty. */
	record LoggedUser(List<UUID> recordIds, List<UUID> scimUserIds) {
	}

}
