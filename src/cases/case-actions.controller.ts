import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/principal.js';
import { CurrentUser } from '../auth/public.decorator.js';
import { RepliesService, type ReplyView } from '../replies/replies.service.js';
import { CaseWorkflowService } from './case-workflow.service.js';
import { CasesService } from './cases.service.js';
import { FinishDto, HelpDto, MergeDto, NoteDto, ReasonDto, RejectDto, RelabelDto, ReplyDto, RerouteDto, VersionDto } from './dto/case-actions.dto.js';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases/:id')
export class CaseActionsController {
  constructor(
    private readonly cases: CasesService,
    private readonly replies: RepliesService,
    private readonly workflow: CaseWorkflowService,
  ) {}

  private async view(id: string, user: Principal) {
    return this.cases.get(id, user);
  }

  @Post('accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'OPD accepts the case (didisposisikan → diproses)' })
  async accept(@Param('id') id: string, @Body() dto: VersionDto, @CurrentUser() u: Principal) {
    await this.workflow.accept(id, u, dto.version);
    return this.view(id, u);
  }

  @Post('notes')
  @ApiOperation({ summary: 'Internal note, never sent to the citizen' })
  async note(@Param('id') id: string, @Body() dto: NoteDto, @CurrentUser() u: Principal) {
    await this.workflow.note(id, u, dto.text);
    return this.view(id, u);
  }

  @Post('proposals')
  @ApiOperation({ summary: 'Propose an answer to the citizen (collaborating OPD); the owner OPD may send it as its reply' })
  async propose(@Param('id') id: string, @Body() dto: NoteDto, @CurrentUser() u: Principal) {
    await this.workflow.proposeAnswer(id, u, dto.text);
    return this.view(id, u);
  }

  @Post('replies')
  @ApiOperation({ summary: 'Public reply on the platform the post came from, by the account that received it' })
  reply(@Param('id') id: string, @Body() dto: ReplyDto, @CurrentUser() u: Principal): Promise<ReplyView> {
    return this.replies.reply(id, u, dto.text, dto.version);
  }

  @Post('finish')
  @HttpCode(200)
  @ApiOperation({ summary: 'OPD has answered (→ menunggu_validasi); Diskominfo checks before closing' })
  async finish(@Param('id') id: string, @Body() dto: FinishDto, @CurrentUser() u: Principal) {
    await this.workflow.finish(id, u, dto.version, dto.summary);
    return this.view(id, u);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Diskominfo confirms the answer is real (→ selesai)' })
  async validate(@Param('id') id: string, @Body() dto: VersionDto, @CurrentUser() u: Principal) {
    await this.workflow.validate(id, u, dto.version);
    return this.view(id, u);
  }

  @Post('return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Diskominfo sends an unconvincing answer back to the OPD (→ diproses)' })
  async return(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentUser() u: Principal) {
    await this.workflow.returnToOpd(id, u, dto.version, dto.reason);
    return this.view(id, u);
  }

  @Post('reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject with a reason; OPD staff may only return it as not their authority' })
  async reject(@Param('id') id: string, @Body() dto: RejectDto, @CurrentUser() u: Principal) {
    await this.workflow.reject(id, u, dto.version, dto.reason, dto.note);
    return u.role === 'opd' ? { id, returnedToTriage: true } : this.view(id, u);
  }

  @Post('reroute')
  @HttpCode(200)
  @ApiOperation({ summary: 'Route (or re-route, dialihkan) to another OPD' })
  async reroute(@Param('id') id: string, @Body() dto: RerouteDto, @CurrentUser() u: Principal) {
    await this.workflow.reroute(id, u, dto.version, dto.opdCode, dto.reason);
    return this.view(id, u);
  }

  @Post('relabel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Correct the intent or sentiment (kept as training data)' })
  async relabel(@Param('id') id: string, @Body() dto: RelabelDto, @CurrentUser() u: Principal) {
    await this.workflow.relabel(id, u, dto.version, { intent: dto.intent, sentiment: dto.sentiment });
    return this.view(id, u);
  }

  @Post('help')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask a second OPD to collaborate on the case' })
  async help(@Param('id') id: string, @Body() dto: HelpDto, @CurrentUser() u: Principal) {
    await this.workflow.requestHelp(id, u, dto.opdCode, dto.note);
    return this.view(id, u);
  }

  @Post('merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge this duplicate into another case' })
  async merge(@Param('id') id: string, @Body() dto: MergeDto, @CurrentUser() u: Principal) {
    await this.workflow.merge(id, u, dto.version, dto.intoCaseId);
    return this.view(dto.intoCaseId, u);
  }

  @Post('reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-open a closed case into triage' })
  async reopen(@Param('id') id: string, @Body() dto: ReasonDto, @CurrentUser() u: Principal) {
    await this.workflow.reopen(id, u, dto.version, dto.reason);
    return this.view(id, u);
  }
}
