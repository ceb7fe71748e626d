BEGIN TRANSACTION;
CREATE TABLE "audit" (
            seq INTEGER PRIMARY KEY, claim_seq INTEGER REFERENCES claims(seq),
            actor TEXT NOT NULL, at TEXT NOT NULL, action TEXT NOT NULL, before TEXT,
            after TEXT);
INSERT INTO "audit" VALUES(1,NULL,'alice','2026-12-07T11:55:30Z','created',NULL,'{"document_id":"doc-d3cdd77443369173","claims":{"clm-0425130e411d3371":"new","clm-fa02a5281096a0d5":"new","clm-368f9d531342b7f4":"new","clm-c083f10b2ebdc024":"new"}}');
INSERT INTO "audit" VALUES(2,1,'alice','2026-12-07T11:55:34Z','assigned','{"assignee":null}','{"assignee":"bob"}');
INSERT INTO "audit" VALUES(3,1,'alice','2026-12-07T11:55:34Z','status','{"status":"new"}','{"status":"in-review"}');
INSERT INTO "audit" VALUES(4,1,'alice','2026-12-07T11:55:34Z','note',NULL,'{"text":"Ask the city treasurer.","author":"alice","created":"2026-12-07T11:55:34Z"}');
INSERT INTO "audit" VALUES(5,1,'bob','2026-12-07T11:55:34Z','verdict',NULL,'{"rating":"true","confidence":1.0,"rationale":"The city''s 2019 accounts show the payment.","sources":[{"url":"https://example.org/accounts-2019","accessed":"2026-12-07T11:55:34Z"}],"origin":{"type":"reviewer","name":"bob"},"created":"2026-12-07T11:55:34Z"}');
INSERT INTO "audit" VALUES(6,1,'alice','2026-12-07T11:55:35Z','status','{"status":"in-review"}','{"status":"checked"}');
INSERT INTO "audit" VALUES(7,4,'alice','2026-12-07T11:55:35Z','assigned','{"assignee":null}','{"assignee":"carol"}');
INSERT INTO "audit" VALUES(8,4,'carol','2026-12-07T11:55:35Z','verdict',NULL,'{"rating":"mostly-true","confidence":1.0,"rationale":"The arena opened in 2024 with 17,500 seats.","sources":[{"url":"https://example.org/arena","accessed":"2026-12-07T11:55:35Z"}],"origin":{"type":"reviewer","name":"carol"},"created":"2026-12-07T11:55:35Z"}');
INSERT INTO "audit" VALUES(9,2,'alice','2026-12-07T11:55:35Z','status','{"status":"new"}','{"status":"in-review"}');
INSERT INTO "audit" VALUES(10,2,'alice','2026-12-07T11:55:36Z','reanchored','{"document_id":"doc-d3cdd77443369173","span":{"start":57,"end":128},"text":"The council approved the budget in March 2020 after two years of talks.","status":"in-review"}','{"document_id":"doc-519832d5c1434aed","span":{"start":57,"end":128},"text":"The council approved the budget in March 2020 after two years of talks.","status":"in-review"}');
INSERT INTO "audit" VALUES(11,3,'alice','2026-12-07T11:55:36Z','reanchored','{"document_id":"doc-d3cdd77443369173","span":{"start":129,"end":164},"text":"The weather was pleasant that week.","status":"new"}','{"document_id":"doc-519832d5c1434aed","span":{"start":129,"end":164},"text":"The weather was pleasant that week.","status":"new"}');
INSERT INTO "audit" VALUES(12,1,'alice','2026-12-07T11:55:36Z','reanchored','{"document_id":"doc-d3cdd77443369173","span":{"start":0,"end":56},"text":"The city paid $250 million for the stadium site in 2019.","status":"checked"}','{"document_id":"doc-519832d5c1434aed","span":{"start":0,"end":56},"text":"The city paid $350 million for the stadium site in 2019.","status":"checked"}');
INSERT INTO "audit" VALUES(13,4,'alice','2026-12-07T11:55:36Z','orphaned','{"status":"new"}','{"status":"orphaned"}');
INSERT INTO "audit" VALUES(14,NULL,'alice','2026-12-07T11:55:36Z','created',NULL,'{"document_id":"doc-519832d5c1434aed","claims":{"clm-fb1fe8a45aa03044":"new"}}');
CREATE TABLE claims (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
            document_id TEXT NOT NULL REFERENCES documents(id),
            status TEXT NOT NULL, assignee TEXT, start INTEGER NOT NULL,
            reviewed INTEGER NOT NULL DEFAULT 0, record TEXT NOT NULL, created INTEGER, kinds TEXT NOT NULL DEFAULT ',');
INSERT INTO "claims" VALUES(1,'clm-0425130e411d3371','doc-519832d5c1434aed','checked','bob',0,1,'{"document_id":"doc-519832d5c1434aed","text":"The city paid $350 million for the stadium site in 2019.","span":{"start":0,"end":56},"selector":{"exact":"The city paid $350 million for the stadium site in 2019.","prefix":"","suffix":"\nThe council approved the budget"},"kinds":["quantity","temporal"],"signals":[{"kind":"quantity","span":{"start":14,"end":26},"text":"$350 million","weight":0.7,"value":{"type":"money","number":350000000.0,"currency":"USD"},"detector":"quantities"},{"kind":"temporal","span":{"start":51,"end":55},"text":"2019","weight":0.5,"value":{"type":"year","year":2019},"detector":"temporal"}],"checkworthiness":0.9931,"checkworthy":true}',1,',quantity,temporal,');
INSERT INTO "claims" VALUES(2,'clm-fa02a5281096a0d5','doc-519832d5c1434aed','in-review',NULL,57,0,'{"document_id":"doc-519832d5c1434aed","text":"The council approved the budget in March 2020 after two years of talks.","span":{"start":57,"end":128},"selector":{"exact":"The council approved the budget in March 2020 after two years of talks.","prefix":"n for the stadium site in 2019.\n","suffix":"\nThe weather was pleasant that w"},"kinds":["temporal"],"signals":[{"kind":"temporal","span":{"start":92,"end":102},"text":"March 2020","weight":0.6,"value":{"type":"month","month":"2020-03"},"detector":"temporal"}],"checkworthiness":0.8606,"checkworthy":true}',1,',temporal,');
INSERT INTO "claims" VALUES(3,'clm-368f9d531342b7f4','doc-519832d5c1434aed','new',NULL,129,0,'{"document_id":"doc-519832d5c1434aed","text":"The weather was pleasant that week.","span":{"start":129,"end":164},"selector":{"exact":"The weather was pleasant that week.","prefix":" 2020 after two years of talks.\n","suffix":"\nA spokesperson for the city sai"},"kinds":[],"signals":[],"checkworthiness":0.3081,"checkworthy":false}',1,',');
INSERT INTO "claims" VALUES(4,'clm-c083f10b2ebdc024','doc-d3cdd77443369173','orphaned','carol',165,1,'{"document_id":"doc-d3cdd77443369173","text":"Officials said the arena would open in 2024 with 18,000 seats.","span":{"start":165,"end":227},"selector":{"exact":"Officials said the arena would open in 2024 with 18,000 seats.","prefix":"weather was pleasant that week.\n","suffix":"\n"},"kinds":["attribution","opinion","quantity","temporal"],"signals":[{"kind":"attribution","span":{"start":165,"end":179},"text":"Officials said","weight":0.55,"value":{"type":"reported-speech","speaker":"Officials","verb":"said"},"detector":"attribution"},{"kind":"opinion","span":{"start":190,"end":200},"text":"would open","weight":0.0,"value":{"type":"speculation","cue":"would open"},"detector":"opinion"},{"kind":"temporal","span":{"start":204,"end":208},"text":"2024","weight":0.5,"value":{"type":"year","year":2024},"detector":"temporal"},{"kind":"quantity","span":{"start":214,"end":226},"text":"18,000 seats","weight":0.55,"value":{"type":"count","number":18000.0,"unit":"seats"},"detector":"quantities"}],"checkworthiness":0.9452,"checkworthy":true}',1,',attribution,opinion,quantity,temporal,');
INSERT INTO "claims" VALUES(5,'clm-fb1fe8a45aa03044','doc-519832d5c1434aed','new',NULL,165,0,'{"document_id":"doc-519832d5c1434aed","text":"A spokesperson for the city said on Monday that the new arena is expected to open its doors in 2025, with room for 20,000 fans.","span":{"start":165,"end":292},"selector":{"exact":"A spokesperson for the city said on Monday that the new arena is expected to open its doors in 2025, with room for 20,000 fans.","prefix":"weather was pleasant that week.\n","suffix":"\n"},"kinds":["opinion","quantity"],"signals":[{"kind":"opinion","span":{"start":227,"end":246},"text":"is expected to open","weight":0.0,"value":{"type":"prediction","cue":"is expected to open"},"detector":"opinion"},{"kind":"quantity","span":{"start":280,"end":291},"text":"20,000 fans","weight":0.55,"value":{"type":"count","number":20000.0,"unit":"fans"},"detector":"quantities"}],"checkworthiness":0.8492,"checkworthy":true}',14,',opinion,quantity,');
CREATE TABLE documents (
            seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, uri TEXT NOT NULL,
            stored TEXT NOT NULL, superseded_by TEXT REFERENCES documents(id),
            record TEXT NOT NULL);
INSERT INTO "documents" VALUES(1,'doc-d3cdd77443369173','story.txt','2026-12-07T11:55:30Z','doc-519832d5c1434aed','{"id":"doc-d3cdd77443369173","uri":"story.txt","media_type":"text/plain","title":null,"author":null,"published":null,"retrieved":"2026-12-07T11:55:30Z","sha256":"d3cdd77443369173a8f5c6dddc673cb64d98136d41b13e45a0db3e0366a7225b","text":"The city paid $250 million for the stadium site in 2019.\nThe council approved the budget in March 2020 after two years of talks.\nThe weather was pleasant that week.\nOfficials said the arena would open in 2024 with 18,000 seats.\n","offset_map":[[0,0,228]],"metadata":{"encoding":"utf-8"}}');
INSERT INTO "documents" VALUES(2,'doc-519832d5c1434aed','story.txt','2026-12-07T11:55:36Z',NULL,'{"id":"doc-519832d5c1434aed","uri":"story.txt","media_type":"text/plain","title":null,"author":null,"published":null,"retrieved":"2026-12-07T11:55:36Z","sha256":"519832d5c1434aed39ce2a1d0add50d161938f3a51f6e80e7fcdf45f578411dd","text":"The city paid $350 million for the stadium site in 2019.\nThe council approved the budget in March 2020 after two years of talks.\nThe weather was pleasant that week.\nA spokesperson for the city said on Monday that the new arena is expected to open its doors in 2025, with room for 20,000 fans.\n","offset_map":[[0,0,293]],"metadata":{"encoding":"utf-8"}}');
CREATE TABLE notes (
            seq INTEGER PRIMARY KEY, claim_seq INTEGER NOT NULL REFERENCES claims(seq),
            record TEXT NOT NULL);
INSERT INTO "notes" VALUES(1,1,'{"text":"Ask the city treasurer.","author":"alice","created":"2026-12-07T11:55:34Z"}');
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied TEXT NOT NULL);
INSERT INTO "schema_version" VALUES(1,'2026-12-07T11:55:30Z');
INSERT INTO "schema_version" VALUES(2,'2026-12-07T11:55:30Z');
CREATE TABLE verdicts (
            seq INTEGER PRIMARY KEY, claim_seq INTEGER NOT NULL REFERENCES claims(seq),
            origin TEXT NOT NULL, record TEXT NOT NULL);
INSERT INTO "verdicts" VALUES(1,1,'reviewer','{"rating":"true","confidence":1.0,"rationale":"The city''s 2019 accounts show the payment.","sources":[{"url":"https://example.org/accounts-2019","accessed":"2026-12-07T11:55:34Z"}],"origin":{"type":"reviewer","name":"bob"},"created":"2026-12-07T11:55:34Z"}');
INSERT INTO "verdicts" VALUES(2,4,'reviewer','{"rating":"mostly-true","confidence":1.0,"rationale":"The arena opened in 2024 with 17,500 seats.","sources":[{"url":"https://example.org/arena","accessed":"2026-12-07T11:55:35Z"}],"origin":{"type":"reviewer","name":"carol"},"created":"2026-12-07T11:55:35Z"}');
CREATE INDEX documents_uri ON documents(uri, superseded_by);
CREATE INDEX claims_status ON claims(status);
CREATE INDEX claims_assignee ON claims(assignee) WHERE assignee IS NOT NULL;
CREATE INDEX claims_document ON claims(document_id, start);
CREATE INDEX claims_reviewed ON claims(reviewed) WHERE reviewed;
CREATE INDEX verdicts_claim ON verdicts(claim_seq);
CREATE INDEX notes_claim ON notes(claim_seq);
CREATE TRIGGER claims_never_deleted BEFORE DELETE ON claims
            BEGIN SELECT RAISE(ABORT, 'claims are never deleted'); END;
CREATE INDEX audit_claim ON audit(claim_seq, seq) WHERE claim_seq IS NOT NULL;
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE INDEX claims_kinds ON claims(kinds);
COMMIT;
