package app.provisioning.directory;

import java.util.Set;
import java.util.UUID;

/**
 * Published inside the transaction that added members to a group or removed them (a group
 * deletion removes all), naming only the members concerned.
 */
public record GroupMembershipChanged(UUID accountId, UUID groupId, Set<UUID> memberIds) {

}
