using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDrive.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Gateways cache authenticated keys; these triggers tell every gateway (NOTIFY is delivered at commit, to
            // every connection listening on the channel) that a cached key may be stale: a key changed (revoked, its
            // expiry moved) or removed, or a user's name or limits changed, or the user was removed. Credits used
            // (uploaded_bytes, downloaded_bytes) do not notify: callers with limits are never cached. Not in the model.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION autodrive_notify_api_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('autodrive_api_keys', '');
                    RETURN NULL;
                END;
                $$;

                CREATE TRIGGER tr_api_keys_changed
                    AFTER UPDATE OR DELETE ON api_keys
                    FOR EACH STATEMENT EXECUTE FUNCTION autodrive_notify_api_key_change();

                CREATE TRIGGER tr_users_removed
                    AFTER DELETE ON users
                    FOR EACH STATEMENT EXECUTE FUNCTION autodrive_notify_api_key_change();

                CREATE TRIGGER tr_users_changed
                    AFTER UPDATE OF name, upload_limit, download_limit ON users
                    FOR EACH ROW
                    WHEN (OLD.name IS DISTINCT FROM NEW.name
                          OR OLD.upload_limit IS DISTINCT FROM NEW.upload_limit
                          OR OLD.download_limit IS DISTINCT FROM NEW.download_limit)
                    EXECUTE FUNCTION autodrive_notify_api_key_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER tr_users_changed ON users;
                DROP TRIGGER tr_users_removed ON users;
                DROP TRIGGER tr_api_keys_changed ON api_keys;
                DROP FUNCTION autodrive_notify_api_key_change();
                """);
        }
    }
}
