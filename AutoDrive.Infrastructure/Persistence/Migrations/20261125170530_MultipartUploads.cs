using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDrive.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MultipartUploads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "multipart_uploads",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(43)", maxLength: 43, nullable: false, collation: "C"),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    bucket_name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false, collation: "C"),
                    key = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    content_type = table.Column<string>(type: "text", nullable: true),
                    content_encoding = table.Column<string>(type: "text", nullable: true),
                    content_disposition = table.Column<string>(type: "text", nullable: true),
                    content_language = table.Column<string>(type: "text", nullable: true),
                    cache_control = table.Column<string>(type: "text", nullable: true),
                    expires = table.Column<string>(type: "text", nullable: true),
                    checksum_algorithm = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    initiated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_parts = table.Column<string>(type: "text", nullable: true),
                    completed_cid = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    completed_checksum = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_multipart_uploads", x => x.id);
                    table.ForeignKey(
                        name: "fk_multipart_uploads_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "upload_parts",
                columns: table => new
                {
                    upload_id = table.Column<string>(type: "character varying(43)", maxLength: 43, nullable: false, collation: "C"),
                    number = table.Column<int>(type: "integer", nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    md5 = table.Column<byte[]>(type: "bytea", maxLength: 16, nullable: false),
                    checksum_algorithm = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    checksum_value = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    staged_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_upload_parts", x => new { x.upload_id, x.number });
                    table.CheckConstraint("ck_upload_parts_number", "number between 1 and 10000");
                    table.ForeignKey(
                        name: "fk_upload_parts_multipart_uploads_upload_id",
                        column: x => x.upload_id,
                        principalTable: "multipart_uploads",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_multipart_uploads_owner_id_bucket_name_key_initiated_at_id",
                table: "multipart_uploads",
                columns: new[] { "owner_id", "bucket_name", "key", "initiated_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_multipart_uploads_state_updated_at",
                table: "multipart_uploads",
                columns: new[] { "state", "updated_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "upload_parts");

            migrationBuilder.DropTable(
                name: "multipart_uploads");
        }
    }
}
