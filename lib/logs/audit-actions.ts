/**
 * Every action the code writes to the audit log, and the message that words it as a sentence
 * (messages/<locale>/admin-logs.json, `audit.actions.<key>`). writeAudit takes only these actions, and
 * lib/logs/audit-actions.test.ts fails when code writes an action that is not here or a message is missing, so
 * a new action arrives with its sentence in both languages.
 *
 * Messages may use `<actor>{who}</actor>` (the actor, linked to their user page), `<target>{what}</target>` (the
 * target, linked to its page) and the entry's details by name.
 */
export const AUDIT_ACTIONS = {
  "account.signed_up": "account_signed_up",
  "account.verified": "account_verified",
  "auth.login": "auth_login",
  "auth.login_failed": "auth_login_failed",
  "auth.login_refused": "auth_login_refused",
  "auth.logout": "auth_logout",
  "auth.logout_everywhere": "auth_logout_everywhere",
  "auth.password_changed": "auth_password_changed",
  "auth.password_reset": "auth_password_reset",
  "auth.session_ended": "auth_session_ended",
  "api_token.created": "api_token_created",
  "api_token.revoked": "api_token_revoked",
  "user.disabled": "user_disabled",
  "user.enabled": "user_enabled",
  "user.role_changed": "user_role_changed",
  "user.admin_created": "user_admin_created",
  "plan.create": "plan_create",
  "plan.update": "plan_update",
  "plan.archive": "plan_archive",
  "plan.delete": "plan_delete",
  "region.create": "region_create",
  "region.update": "region_update",
  "region.delete": "region_delete",
  "serial_batch.generate": "serial_batch_generate",
  "serial_batch.export": "serial_batch_export",
  "serial_batch.revoke_unused": "serial_batch_revoke_unused",
  "serial_code.revoke": "serial_code_revoke",
  "serial.redeem": "serial_redeem",
  "orders.export": "orders_export",
  "rental.transition": "rental_transition",
  "server.create": "server_create",
  "server.update": "server_update",
  "server.delete": "server_delete",
  "server.enable": "server_enable",
  "server.disable": "server_disable",
  "server.drain": "server_drain",
  "server.undrain": "server_undrain",
  "auth.totp_enabled": "auth_totp_enabled",
  "auth.totp_disabled": "auth_totp_disabled",
  "auth.totp_failed": "auth_totp_failed",
  "auth.recovery_code_used": "auth_recovery_code_used",
  "auth.totp_reset_by_admin": "auth_totp_reset_by_admin",
  "user.note_added": "user_note_added",
  "user.verification_mail_sent": "user_verification_mail_sent",
  "user.password_reset_mail_sent": "user_password_reset_mail_sent",
  "rental.granted": "rental_granted",
  "rental.expiry_changed": "rental_expiry_changed",
  "rental.traffic_changed": "rental_traffic_changed",
  "container.allocate": "container_allocate",
  "container.stop": "container_stop",
  "container.start": "container_start",
  "container.restart": "container_restart",
  "container.release": "container_release",
  "container.move": "container_move",
  "container.reconcile": "container_reconcile",
  "device.added": "device_added",
  "device.renamed": "device_renamed",
  "device.removed": "device_removed",
  "device.pending_dismissed": "device_pending_dismissed",
  "device.rekeyed": "device_rekeyed",
  "control_account.connected": "control_account_connected",
  "control_account.disconnected": "control_account_disconnected",
  "control_account.sync_changed": "control_account_sync_changed",
  "derp_map_link.created": "derp_map_link_created",
  "derp_map_link.revoked": "derp_map_link_revoked",
  "derp_map_link.expiry_changed": "derp_map_link_expiry_changed",
  "alerts.settings_updated": "alerts_settings_updated",
  "alerts.test_sent": "alerts_test_sent",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export type AuditMessageKey = (typeof AUDIT_ACTIONS)[AuditAction];

export function isAuditAction(action: string): action is AuditAction {
  return Object.prototype.hasOwnProperty.call(AUDIT_ACTIONS, action);
}

/** The message key of an action; null for an action this version does not know (an old row). */
export function auditMessageKey(action: string): AuditMessageKey | null {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : null;
}
