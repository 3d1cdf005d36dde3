import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthService, type TokenResponse } from './auth.service.js';
import { LoginDto, RefreshDto } from './dto/login.dto.js';
import type { Principal } from './principal.js';
import { CurrentUser, Public } from './public.decorator.js';
import { clientOf, LoginThrottlerGuard } from './login-throttler.guard.js';
import { ApiErrors } from '../common/openapi/errors.js';
import { TokenResponseSchema, UserSchema } from '../common/openapi/schemas.js';

@ApiTags('auth')
@ApiErrors()
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('login')
  @ApiOkResponse({ type: TokenResponseSchema })
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<TokenResponse> {
    return this.auth.login(dto.username, dto.password, clientOf(req));
  }

  @Public()
  @Post('refresh')
  @ApiOkResponse({ type: TokenResponseSchema })
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto): Promise<TokenResponse> {
    return this.auth.refresh(dto.refreshToken);
  }

  @ApiBearerAuth()
  @Post('logout')
  @ApiNoContentResponse({ description: 'The refresh token is revoked' })
  @HttpCode(204)
  logout(@Body() dto: RefreshDto, @CurrentUser() user: Principal): Promise<void> {
    return this.auth.logout(dto.refreshToken, user);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ type: UserSchema })
  me(@CurrentUser() user: Principal): Principal {
    return user;
  }
}
