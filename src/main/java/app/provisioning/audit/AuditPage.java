package app.provisioning.audit;

import java.util.List;

/**
 * A page of audit events, newest first, and the value of {@code before} that fetches the
 * next one (null at the end).
 */
public record AuditPage(List<AuditEvent> events, Long next) {

}
