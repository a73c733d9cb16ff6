using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutoDrive.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stored_contents",
                columns: table => new
                {
                    cid = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    node_count = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stored_contents", x => x.cid);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                    table.CheckConstraint("ck_api_keys_hash_length", "octet_length(hash) = 32");
                    table.ForeignKey(
                        name: "fk_api_keys_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "buckets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false, collation: "C"),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_buckets", x => x.id);
                    table.ForeignKey(
                        name: "fk_buckets_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "content_ownerships",
                columns: table => new
                {
                    cid = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_content_ownerships", x => new { x.cid, x.user_id });
                    table.ForeignKey(
                        name: "fk_content_ownerships_stored_contents_cid",
                        column: x => x.cid,
                        principalTable: "stored_contents",
                        principalColumn: "cid",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_content_ownerships_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "object_mappings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    bucket_name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: false, collation: "C"),
                    key = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    cid = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    md5 = table.Column<byte[]>(type: "bytea", maxLength: 16, nullable: true),
                    part_count = table.Column<int>(type: "integer", nullable: true),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    content_type = table.Column<string>(type: "text", nullable: true),
                    content_encoding = table.Column<string>(type: "text", nullable: true),
                    content_disposition = table.Column<string>(type: "text", nullable: true),
                    content_language = table.Column<string>(type: "text", nullable: true),
                    cache_control = table.Column<string>(type: "text", nullable: true),
                    expires = table.Column<string>(type: "text", nullable: true),
                    checksum_algorithm = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    checksum_value = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false),
                    metadata = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_object_mappings", x => x.id);
                    table.CheckConstraint("ck_object_mappings_md5_length", "md5 is null or octet_length(md5) = 16");
                    table.CheckConstraint("ck_object_mappings_size", "size >= 0");
                    table.ForeignKey(
                        name: "fk_object_mappings_stored_contents_cid",
                        column: x => x.cid,
                        principalTable: "stored_contents",
                        principalColumn: "cid",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_object_mappings_users_owner_id",
                        column: x => x.owner_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_hash",
                table: "api_keys",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_user_id",
                table: "api_keys",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_buckets_owner_id_name",
                table: "buckets",
                columns: new[] { "owner_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_content_ownerships_user_id",
                table: "content_ownerships",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_object_mappings_cid",
                table: "object_mappings",
                column: "cid");

            migrationBuilder.CreateIndex(
                name: "ix_object_mappings_owner_id_bucket_name_key",
                table: "object_mappings",
                columns: new[] { "owner_id", "bucket_name", "key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_name",
                table: "users",
                column: "name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "buckets");

            migrationBuilder.DropTable(
                name: "content_ownerships");

            migrationBuilder.DropTable(
                name: "object_mappings");

            migrationBuilder.DropTable(
                name: "stored_contents");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
