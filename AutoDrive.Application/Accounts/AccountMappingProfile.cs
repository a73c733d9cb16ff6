using AutoDrive.Domain.Users;
using AutoMapper;

namespace AutoDrive.Application.Accounts;

/// <summary>Users and keys → flat DTOs (see the AutoMapper advisory note: flat, non-recursive types only).</summary>
public sealed class AccountMappingProfile : Profile
{
    public AccountMappingProfile()
    {
        CreateMap<User, AccountView>();
        CreateMap<ApiKey, ApiKeyView>();
    }
}
