using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDrive.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InProgressUploadsIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // ListMultipartUploads walks the uploads in progress of (owner, bucket) in (key, upload id) order, one
            // LIMIT 1 probe per entry when folding by a delimiter. Partial on the states it lists, so a probe never
            // reads a completed or aborted upload kept for a repeated Complete. Not in the model (hand-written SQL
            // uses it): the model's indexes stay as they are.
            migrationBuilder.Sql(
                """
                CREATE INDEX ix_multipart_uploads_in_progress
                    ON multipart_uploads (owner_id, bucket_name, key, id)
                    WHERE state IN ('Active', 'Completing');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_multipart_uploads_in_progress;");
        }
    }
}
